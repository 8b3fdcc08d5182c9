/**
 * Varied documents for pinning export bytes (tmx-export-golden.test.ts) and comparing ways
 * of writing them (tmx-export-workers.test.ts): a status mix, notes (open and resolved),
 * slots spanning several segments with different statuses, empty slots, aligned
 * confidences, hostile characters (markup, quotes, CR, controls, non-NFC text,
 * U+FFFE/U+FFFF, astral characters) in texts, titles, user names and comments.
 */
import { SLOT_STATUSES, type SlotStatus } from '../../src/domain.js';
import { NON_EMPTY_STATUSES, type ExportOptions } from '../../src/services/exchange.js';
import type { Store } from '../../src/store/index.js';

interface HeadSpec { at: number; lang: string; text: string; status: SlotStatus; span?: number; confidence?: number; by?: number | null; when?: string }

export function seedVaried(store: Store) {
  const at = '2026-11-20T09:00:00.000Z';
  const anna = store.users.insertUser({ name: 'anna', passwordHash: 'x', roles: ['translator'], now: at });
  const boris = store.users.insertUser({ name: 'Boris "B" <b> & co', passwordHash: 'x', roles: ['reviewer'], now: at });
  const zh = [
    '第一句 & <甲>。', '含控制字符\u0001与\u000B。', 'CR\r\nLF 与 ]]> 。', 'e\u0301 组合字符（非NFC）。', '引号"与\'单引号\'\t制表。',
    '普通句子。', '第七句。', '第八句。', '😀 表情 与 \uFFFE。', '最后一句\u0085 与 \u2028。',
  ];
  const docA = store.documents.insertDocument({ title: '声明 & <测试> "甲"', sourceLang: 'zh-CN', createdBy: boris, langs: ['en', 'ru'], now: at });
  const idsA = store.segments.insertSegments(docA, zh.map((text, i) => ({ paragraph: Math.floor(i / 4), text })));
  const heads: HeadSpec[] = [
    { at: 0, lang: 'en', text: 'First & <A>.', status: 'approved', by: anna, when: '2026-11-21T10:00:00.000Z' },
    { at: 1, lang: 'en', text: 'Controls\u0007 and CR\r\n, span two.', status: 'translated', span: 2, by: boris, when: '2026-11-21T11:30:00.250Z' },
    { at: 3, lang: 'en', text: 'Cafe\u0301 composed.', status: 'approved', by: null },
    { at: 4, lang: 'en', text: 'Quotes "double" \'single\' >.', status: 'rejected', by: boris },
    { at: 5, lang: 'en', text: 'Plain.', status: 'aligned', confidence: 0.93 },
    { at: 6, lang: 'en', text: 'Seventh.', status: 'reviewed', by: anna },
    { at: 7, lang: 'en', text: '', status: 'empty' },
    { at: 8, lang: 'en', text: 'Emoji 😀 and \uFFFF.', status: 'draft', by: anna, when: '2026-11-22T08:00:00.000Z' },
    { at: 9, lang: 'en', text: 'Last.', status: 'approved', by: anna },
    { at: 0, lang: 'ru', text: 'Первое и второе.', status: 'approved', span: 2, by: boris },
    { at: 2, lang: 'ru', text: 'Третье <и> «кавычки».', status: 'approved', confidence: 0.7, by: anna },
    { at: 3, lang: 'ru', text: 'Четвёртое, пятое, шестое.', status: 'aligned', span: 3, confidence: 0.41 },
    { at: 6, lang: 'ru', text: 'Седьмое.', status: 'approved', by: boris },
    { at: 7, lang: 'ru', text: 'Восьмое.', status: 'approved', by: anna },
    { at: 8, lang: 'ru', text: '', status: 'empty' },
    { at: 9, lang: 'ru', text: 'Последнее\u0085 и\u2028.', status: 'approved', by: anna },
  ];
  for (const h of heads) {
    const span = h.span ?? 1;
    store.slots.insertHead({
      segmentId: idsA[h.at]!, lang: h.lang, text: h.text, status: h.status, span, confidence: h.confidence ?? null,
      updatedBy: h.by ?? null, now: h.when ?? at,
    });
    for (let k = 1; k < span; k++) store.slots.insertContinuation(idsA[h.at + k]!, h.lang, idsA[h.at]!);
  }
  store.review.insertComment({ segmentId: idsA[0]!, lang: 'en', authorId: anna, body: 'Check <this> & "that"\r\nplease', now: at });
  store.review.insertComment({ segmentId: idsA[1]!, lang: 'ru', authorId: boris, body: 'Слитно с первым\u0002?', now: at });
  store.review.insertComment({ segmentId: idsA[0]!, lang: 'ru', authorId: boris, body: 'Second note, same group', now: at });
  const resolved = store.review.insertComment({ segmentId: idsA[3]!, lang: 'en', authorId: anna, body: 'Resolved: never written', now: at });
  store.review.updateCommentResolution(resolved, at, anna);
  store.review.insertComment({ segmentId: idsA[5]!, lang: 'en', authorId: anna, body: 'On an aligned slot', now: at });

  const docB = store.documents.insertDocument({ title: 'Title "quoted"\t& <b>\u0003', sourceLang: 'zh-CN', createdBy: anna, langs: ['en'], now: '2026-11-01T00:00:00.000Z' });
  const idsB = store.segments.insertSegments(docB, ['乙一。', '乙二。', '乙三。'].map((text) => ({ paragraph: 0, text })));
  store.slots.insertHead({ segmentId: idsB[0]!, lang: 'en', text: 'B one.', status: 'approved', span: 2, updatedBy: anna, now: at });
  store.slots.insertContinuation(idsB[1]!, 'en', idsB[0]!);
  store.slots.insertHead({ segmentId: idsB[2]!, lang: 'en', text: 'B three.', status: 'approved', span: 1, updatedBy: null, now: at });
  return { docA, docB };
}

/** The exports pinned, by fixture name. */
export const EXPORTS: [string, (ids: { docA: number; docB: number }) => Omit<ExportOptions, 'format' | 'user'>][] = [
  ['export-all-notes.tmx', () => ({ documents: 'all', statuses: NON_EMPTY_STATUSES, includeNotes: true })],
  ['export-approved.tmx', ({ docA }) => ({ documents: [docA] })],
  ['export-ru-aligned-codes.tmx', ({ docA }) => ({ documents: [docA], langs: ['ru'], alignedAbove: 0.4, includeNotes: true, langCodes: { zh: 'zh-Hans', ru: 'ru-RU' } })],
  ['export-en-every-status.tmx', ({ docA, docB }) => ({ documents: [docB, docA], langs: ['en'], statuses: SLOT_STATUSES.filter((s) => s !== 'empty'), includeNotes: true })],
];
