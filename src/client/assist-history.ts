/**
 * The assist panel's History section: the last few revisions of the active slot (who,
 * when, what), with the full history and restore one key away (H, the slot panel).
 */
import type { HistoryList } from '../web/api-types.js';
import { ApiError, api } from './api.js';
import { element } from './dom.js';
import { formatWhen } from './format.js';
import { revisionActionLabel } from './slot-panel.js';

const SHOWN = 3;

export class AssistHistory {
  private ticket = 0;

  constructor(private readonly list: HTMLElement | null, private readonly documentId: number) {}

  clear(message: string): void {
    this.ticket++;
    this.list?.replaceChildren(element('li', 'muted', message));
  }

  async load(segmentId: number, lang: string): Promise<void> {
    if (!this.list) return;
    const ticket = ++this.ticket;
    try {
      const { revisions } = await api<HistoryList>('GET', `/api/documents/${this.documentId}/slots/${segmentId}/${encodeURIComponent(lang)}/history`);
      if (ticket !== this.ticket) return;
      const recent = [...revisions].reverse().slice(0, SHOWN);
      this.list.replaceChildren(...recent.map((r) => {
        const li = element('li', 'assist-revision');
        li.append(element('strong', undefined, revisionActionLabel(r)),
          element('span', 'muted', ` · ${r.authorName ?? 'the command line'} · ${formatWhen(r.createdAt)} · v${r.version}`));
        const text = element('div', 'assist-revision-text', r.text || '—');
        text.lang = lang;
        li.append(text);
        return li;
      }));
      if (recent.length === 0) this.list.append(element('li', 'muted', 'No revisions yet.'));
      if (revisions.length > SHOWN) this.list.append(element('li', 'muted', `${revisions.length - SHOWN} older revision(s): press H.`));
    } catch (error) {
      if (ticket !== this.ticket) return;
      this.list.replaceChildren(element('li', 'alert', error instanceof ApiError ? error.message : 'The history could not be loaded.'));
    }
  }
}
