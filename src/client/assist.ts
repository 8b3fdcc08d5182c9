/**
 * The editor's assist panel: for the focused slot, the best translation-memory matches
 * (with the Chinese differences marked), the glossary terms found in the Chinese (also
 * marked in the grid's source cell) and the slot's quality checks; plus the concordance
 * and pre-translate dialogs. The editor asks it for the text to insert (Ctrl+1…5, Alt+1…5).
 */
import type { AssistAnswer, ConcordanceAnswer, PretranslateAnswer } from '../web/routes/assist.js';
import { ApiError, api } from './api.js';
import { element } from './dom.js';
import { renderDiff } from './diff-view.js';
import { formatDay } from './format.js';
import { AssistHistory } from './assist-history.js';
import { renderAlignment } from './alignment-reasons.js';
import type { SlotView } from '../web/api-types.js';

type HeadView = Extract<SlotView, { kind: 'head' }>;


/** Appends `text` to `parent`, wrapping each [start, end) range in a <mark>. Text only, never HTML. */
function appendMarked(parent: HTMLElement, text: string, ranges: readonly (readonly [number, number, string?])[]): void {
  let at = 0;
  for (const [start, end, title] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    parent.append(document.createTextNode(text.slice(at, start)));
    const mark = element('mark', 'term', text.slice(start, end));
    if (title) mark.title = title;
    parent.append(mark);
    at = end;
  }
  parent.append(document.createTextNode(text.slice(at)));
}

/** [start, end) of every case-insensitive occurrence of `q` in `text`. */
function occurrences(text: string, q: string): [number, number][] {
  const out: [number, number][] = [];
  if (!q) return out;
  const haystack = text.toLowerCase();
  const needle = q.toLowerCase();
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) out.push([i, i + needle.length]);
  return out;
}

const shortDate = formatDay;
/** Holding ↓ moves through many slots: fetch only for the one the cursor stops on. */
const SETTLE_MS = 150;

export interface AssistSlot { segmentId: number; lang: string; label: string; head: HeadView | null }

export class AssistPanel {
  private answer: AssistAnswer | null = null;
  private current: { segmentId: number; lang: string } | null = null;
  private request = 0;
  private settle: number | undefined;
  private readonly history: AssistHistory;

  /** `root` is the panel; its dialogs (concordance, pre-translate) sit in `dialogs`, outside the panel. */
  constructor(private readonly root: HTMLElement, private readonly boot: { documentId: number; lowConfidence: number; dialogs: HTMLElement; onDialogClose?: () => void }) {
    for (const selector of ['[data-concordance-dialog]', '[data-pretranslate-dialog]']) {
      this.part(selector)?.addEventListener('close', () => this.boot.onDialogClose?.());
    }
    this.part('[data-assist-concordance]')?.addEventListener('click', () => this.openConcordance());
    this.part('[data-assist-pretranslate]')?.addEventListener('click', () => this.openPretranslate());
    this.history = new AssistHistory(this.part('[data-assist-history]'), boot.documentId);
  }

  private part<T extends HTMLElement = HTMLElement>(selector: string): T | null {
    return this.root.querySelector<T>(selector) ?? this.boot.dialogs.querySelector<T>(selector);
  }

  /**
   * Follows the active slot: its label and alignment at once; matches, terms, QA and history
   * once the cursor settles on it. A Chinese cell (`lang` 'source') keeps the last slot's assistance.
   */
  show(slot: AssistSlot): void {
    const where = this.part('[data-assist-where]');
    if (where) where.textContent = `· ${slot.label}`;
    const alignment = this.part('[data-assist-alignment]');
    if (alignment) renderAlignment(alignment, slot.head, this.boot.lowConfidence);
    if (slot.lang === 'source') return;
    // The editor re-activates the same slot often (after each re-render); fetch once per slot.
    if (this.current?.segmentId === slot.segmentId && this.current.lang === slot.lang) return;
    this.current = { segmentId: slot.segmentId, lang: slot.lang };
    // Whatever is on its way or shown belongs to the previous slot: Ctrl+1 must not insert it here.
    this.request++;
    this.answer = null;
    window.clearTimeout(this.settle);
    // What the panel shows belongs to the previous slot until this one's answer arrives.
    this.root.setAttribute('aria-busy', 'true');
    this.settle = window.setTimeout(() => this.fetchNow(), SETTLE_MS);
  }

  private loading: Promise<void> | null = null;

  private fetchNow(): void {
    window.clearTimeout(this.settle);
    this.settle = undefined;
    if (!this.current) return;
    const { segmentId, lang } = this.current;
    this.loading = this.load(segmentId, lang).finally(() => {
      if (this.current?.segmentId === segmentId && this.current.lang === lang) this.root.removeAttribute('aria-busy');
    });
    void this.history.load(segmentId, lang);
  }

  /** Resolves once the active slot's matches and terms are in (Ctrl+1 right after moving waits for them). */
  async ready(): Promise<void> {
    if (this.settle !== undefined) this.fetchNow();
    await this.loading;
  }

  /** The quality errors of the slot's saved text, fresh from the server (before confirming it). */
  async errorsOf(segmentId: number, lang: string): Promise<AssistAnswer['qa']> {
    const answer = await api<AssistAnswer>('GET', `/api/documents/${this.boot.documentId}/segments/${segmentId}/assist?lang=${encodeURIComponent(lang)}`);
    if (this.current?.segmentId === segmentId && this.current.lang === lang) {
      this.answer = answer;
      this.render(answer);
    }
    return answer.qa.filter((r) => r.severity === 'error');
  }

  private async load(segmentId: number, lang: string): Promise<void> {
    this.current = { segmentId, lang };
    const ticket = ++this.request;
    try {
      const answer = await api<AssistAnswer>('GET', `/api/documents/${this.boot.documentId}/segments/${segmentId}/assist?lang=${encodeURIComponent(lang)}`);
      // A later focus change wins over a slow earlier answer.
      if (ticket !== this.request) return;
      this.answer = answer;
      this.render(answer);
    } catch (error) {
      if (ticket !== this.request) return;
      this.answer = null;
      const list = this.part('[data-assist-matches]');
      list?.replaceChildren(element('li', 'alert', error instanceof ApiError ? error.message : 'The assistance could not be loaded.'));
    }
  }

  /** Shows the focused slot again (after a save, so QA and history reflect the saved text). */
  async refresh(): Promise<void> {
    if (!this.current) return;
    window.clearTimeout(this.settle);
    await Promise.all([this.load(this.current.segmentId, this.current.lang), this.history.load(this.current.segmentId, this.current.lang)]);
  }

  /** The target text of match `n` (1-based), if there is one. */
  insertMatch(n: number): string | undefined {
    return this.answer?.matches[n - 1]?.target;
  }

  /** The preferred (or first allowed) equivalent of term `n` (1-based), if there is one. */
  insertTerm(n: number): string | undefined {
    const term = this.answer?.terms[n - 1];
    return term ? term.preferred ?? term.allowed[0] : undefined;
  }

  private render(answer: AssistAnswer): void {
    const ranges = answer.terms.flatMap((t) => t.ranges.map(([s, e]) => [s, e, t.preferred ?? ''] as const));
    const source = this.part('[data-assist-source]');
    if (source) {
      source.replaceChildren();
      appendMarked(source, answer.source, ranges);
    }
    this.markGridSource(answer, ranges);

    const matches = this.part('[data-assist-matches]');
    if (matches) {
      matches.replaceChildren();
      answer.matches.forEach((m, i) => {
        const li = element('li', `tm-match${m.exact ? ' tm-exact' : ''}${m.context ? ' tm-context' : ''}`);
        li.dataset.matchPercent = String(m.percent);
        const head = element('div', 'tm-match-head');
        head.append(element('span', 'tm-key', `Ctrl+${i + 1}`), element('strong', 'tm-percent', `${m.percent}%`));
        if (m.context) head.append(element('span', 'tm-flag', 'context match'));
        else if (m.exact) head.append(element('span', 'tm-flag', '100% match'));
        head.append(element('span', 'muted', `${m.origin === 'tmx' ? 'TMX' : 'approved'} · ${m.originName}${m.date ? ` · ${shortDate(m.date)}` : ''}`));
        const diff = element('div', 'tm-source diff');
        diff.lang = 'zh-CN';
        // Marked relative to the TM's Chinese: <ins> is in this segment but not in the match.
        renderDiff(diff, m.source, answer.source, 'zh');
        const target = element('div', 'tm-target', m.target);
        target.lang = m.targetLang;
        li.append(head, diff, target);
        matches.append(li);
      });
      if (answer.matches.length === 0) matches.append(element('li', 'muted', 'No translation-memory match of 50% or more.'));
    }

    const terms = this.part('[data-assist-terms]');
    if (terms) {
      terms.replaceChildren();
      answer.terms.forEach((t, i) => {
        const li = element('li', 'assist-term');
        const zh = element('span', 'term-source', t.source);
        zh.lang = 'zh-CN';
        li.append(element('span', 'tm-key', i < 9 ? `Alt+${i + 1}` : ''), zh, document.createTextNode(' → '));
        const target = element('strong', 'term-target', t.preferred ?? t.allowed[0] ?? '(no equivalent in this language)');
        target.lang = answer.lang;
        li.append(target);
        if (t.allowed.length > 0) li.append(element('span', 'muted', ` also: ${t.allowed.join(', ')}`));
        if (t.forbidden.length > 0) {
          const not = element('span', 'forbidden', ' not: ');
          not.append(element('del', undefined, t.forbidden.join(', ')));
          li.append(not);
        }
        if (t.note) li.title = t.note;
        terms.append(li);
      });
      if (answer.terms.length === 0) terms.append(element('li', 'muted', 'No glossary terms in this segment.'));
    }

    const qa = this.part('[data-assist-qa]');
    if (qa) {
      qa.replaceChildren();
      for (const r of answer.qa) {
        const li = element('li', `qa-${r.severity}`);
        li.dataset.check = r.check;
        li.append(element('strong', undefined, r.severity === 'error' ? 'Error: ' : 'Warning: '), document.createTextNode(r.message));
        qa.append(li);
      }
      if (answer.qa.length === 0) qa.append(element('li', 'qa-ok', 'No problems found.'));
    }
  }

  /** Marks the terms in the grid's Chinese cell too, when it shows exactly this text. */
  private markGridSource(answer: AssistAnswer, ranges: readonly (readonly [number, number, string?])[]): void {
    for (const old of document.querySelectorAll<HTMLElement>('td.src .slot-text[data-terms-marked]')) {
      // Back to plain text, as the editor rendered it.
      old.replaceChildren(old.textContent ?? '');
      delete old.dataset.termsMarked;
    }
    const text = document.querySelector<HTMLElement>(`td.src[data-segment-id="${answer.segmentId}"] .slot-text`);
    if (!text || text.textContent !== answer.source || ranges.length === 0) return;
    text.replaceChildren();
    appendMarked(text, answer.source, ranges);
    text.dataset.termsMarked = '1';
  }

  /** Opens the concordance search, seeded with the selected text if any. */
  openConcordance(): void {
    const dialog = this.part<HTMLDialogElement>('[data-concordance-dialog]');
    const form = this.part<HTMLFormElement>('[data-concordance-form]');
    const input = this.part<HTMLInputElement>('[data-concordance-q]');
    if (!dialog || !form || !input) return;
    const selected = window.getSelection()?.toString().trim() ?? '';
    const active = document.activeElement;
    const fromTextarea = active instanceof HTMLTextAreaElement ? active.value.slice(active.selectionStart, active.selectionEnd).trim() : '';
    if (fromTextarea || selected) input.value = (fromTextarea || selected).slice(0, 200);
    form.onsubmit = (event) => {
      event.preventDefault();
      void this.search(input.value.trim());
    };
    this.part('[data-concordance-close]')!.onclick = () => dialog.close();
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
    if (input.value.trim()) void this.search(input.value.trim());
  }

  private async search(q: string): Promise<void> {
    const body = this.part('[data-concordance-results]');
    const count = this.part('[data-concordance-count]');
    if (!body || !count || !q) return;
    try {
      const answer = await api<ConcordanceAnswer>('GET', `/api/tm/concordance?q=${encodeURIComponent(q)}`);
      body.replaceChildren();
      for (const hit of answer.hits) {
        const tr = element('tr');
        const zh = element('td');
        zh.lang = 'zh-CN';
        appendMarked(zh, hit.source, occurrences(hit.source, q));
        const target = element('td');
        target.lang = hit.targetLang;
        appendMarked(target, hit.target, occurrences(hit.target, q));
        tr.append(zh, target, element('td', 'muted', `${hit.originName}${hit.date ? ` · ${shortDate(hit.date)}` : ''}`));
        body.append(tr);
      }
      count.textContent = answer.hits.length === 0 ? `Nothing in the translation memory contains “${q}”.` : `${answer.hits.length} unit(s) contain “${q}”.`;
    } catch (error) {
      count.textContent = error instanceof ApiError ? error.message : 'The search failed.';
    }
  }

  private openPretranslate(): void {
    const dialog = this.part<HTMLDialogElement>('[data-pretranslate-dialog]');
    const form = this.part<HTMLFormElement>('[data-pretranslate-form]');
    const error = this.part('[data-pretranslate-error]');
    const report = this.part('[data-pretranslate-report]');
    if (!dialog || !form || !error || !report) return;
    let changed = false;
    error.hidden = true;
    report.hidden = true;
    form.onsubmit = (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const run = async () => {
        try {
          const answer = await api<PretranslateAnswer>('POST', `/api/documents/${this.boot.documentId}/pretranslate`, {
            lang: String(data.get('lang') ?? ''), threshold: Number(data.get('threshold') ?? 100),
          });
          const r = answer.report;
          changed = r.filled > 0;
          report.hidden = false;
          report.textContent = `Filled ${r.filled} of ${r.emptySlots} empty ${r.lang} slot(s) at ${r.threshold}% or more; ${r.belowThreshold} had no match that good.${changed ? ' Closing reloads the grid.' : ''}`;
          error.hidden = true;
        } catch (problem) {
          error.hidden = false;
          error.textContent = problem instanceof ApiError ? problem.message : 'Pre-translation failed; nothing was changed.';
        }
      };
      void run();
    };
    this.part('[data-pretranslate-close]')!.onclick = () => {
      dialog.close();
      // The grid holds the old versions of the filled slots: reload it rather than risk 409s.
      if (changed) window.location.reload();
    };
    if (!dialog.open) dialog.showModal();
  }
}
