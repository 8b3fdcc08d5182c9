import { AUDIT_ACTIONS, languageName } from '../../domain.js';
import type { Document, DocumentSummary } from '../../store/documents.js';
import type { AuditEntry, User } from '../../store/users.js';
import { formatTime } from './documents.js';

export interface ReviewView { id: number; title: string; lang: string; langName: string; secondReview: boolean; bootJson: string }

/**
 * `keymap` is the person's own key bindings (one keymap for the editor and the review page);
 * `secondReview`: the language is reviewed in two passes (the page offers the R2 queue).
 */
export function reviewView(document: Document, lang: string, keymap: Record<string, string> = {}, secondReview = false): ReviewView {
  return {
    id: document.id, title: document.title, lang, langName: languageName(lang), secondReview,
    bootJson: JSON.stringify({ documentId: document.id, lang, langName: languageName(lang), title: document.title, keymap }),
  };
}

export interface AuditView {
  entries: { id: number; when: string; createdAt: string; user: string; action: string; document: string; documentId: number | null; details: string }[];
  filter: { user: string; document: string; action: string; from: string; to: string };
  actions: readonly string[];
  documents: { id: number; title: string }[];
  users: string[];
  olderUrl: string | null;
}

/** Details JSON → "lang: en, position: 3" for people. */
function describe(details: string): string {
  try {
    const value: unknown = JSON.parse(details);
    if (typeof value !== 'object' || value === null) return '';
    return Object.entries(value).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' · ');
  } catch {
    return details;
  }
}

export function auditView(
  entries: AuditEntry[],
  query: { user?: string | undefined; document?: number | undefined; action?: string | undefined; from?: string | undefined; to?: string | undefined },
  documents: DocumentSummary[],
  users: User[],
): AuditView {
  const filter = { user: query.user ?? '', document: query.document ? String(query.document) : '', action: query.action ?? '', from: query.from ?? '', to: query.to ?? '' };
  const last = entries[entries.length - 1];
  const params = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== ''));
  if (last && entries.length >= 200) params.set('before', String(last.id));
  return {
    entries: entries.map((e) => ({
      id: e.id, when: formatTime(e.createdAt), createdAt: e.createdAt, user: e.userName ?? '—', action: e.action,
      document: e.documentTitle ?? (e.documentId ? `#${e.documentId}` : ''), documentId: e.documentId, details: describe(e.details),
    })),
    filter,
    actions: AUDIT_ACTIONS,
    documents: documents.map((d) => ({ id: d.id, title: d.title })),
    users: users.map((u) => u.name),
    olderUrl: last && entries.length >= 200 ? `/admin/audit?${params}` : null,
  };
}

export interface ActivityChart {
  days: { day: string; total: number; people: { name: string; count: number; width: number }[] }[];
  people: string[];
  max: number;
}

/** Revisions per day and person as horizontal bars; widths in percent of the busiest day. */
export function activityChart(rows: { day: string; userName: string; action: string; count: number }[]): ActivityChart {
  const byDay = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const day = byDay.get(row.day) ?? new Map<string, number>();
    day.set(row.userName, (day.get(row.userName) ?? 0) + row.count);
    byDay.set(row.day, day);
  }
  const totals = [...byDay.values()].map((d) => [...d.values()].reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const people = [...new Set(rows.map((r) => r.userName))].sort();
  return {
    max,
    people,
    days: [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).slice(-14).map(([day, counts]) => ({
      day,
      total: [...counts.values()].reduce((a, b) => a + b, 0),
      people: people.filter((p) => counts.has(p)).map((name) => ({ name, count: counts.get(name) ?? 0, width: Math.max(1, Math.round(((counts.get(name) ?? 0) / max) * 100)) })),
    })),
  };
}
