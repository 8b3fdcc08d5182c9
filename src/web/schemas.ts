import { z } from 'zod';
import { ASSIGNMENT_ROLES, ERROR_CATEGORIES, isSlotStatus, type SlotStatus } from '../domain.js';
import type { ImportDocumentInput } from '../services/documents.js';
import { EXPORT_FORMATS, NON_EMPTY_STATUSES } from '../services/exchange.js';
import { OPERATION_KINDS } from '../services/alignment.js';
import { ValidationError } from '../services/errors.js';
import { splitValues } from '../formats/glossary.js';

/**
 * Request schemas: every route parses its input here exactly once. A failure
 * becomes a 400 naming the field.
 */
export function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'request';
  throw new ValidationError(`${field}: ${issue?.message ?? 'invalid value'}`, { details: { field } });
}

export const loginForm = z.object({
  name: z.string().trim().min(1, 'enter your user name').max(100),
  password: z.string().min(1, 'enter your password').max(1000),
  next: z.string().optional(),
});

/** A BCP 47 tag as routes accept it: `en`, `ru`, `pt-BR`. */
export const LANG_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const langTag = z.string().regex(LANG_TAG, 'a language tag like en');

/** A list that arrives as repeated fields, one comma-separated field, or a JSON array; [] when absent. */
const commaList = z.union([z.string(), z.array(z.string())]).optional()
  .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x.length > 0)));

/** A checkbox or JSON flag: true, "true", "on" or "1". */
const flag = z.union([z.boolean(), z.enum(['true', 'false', 'on', '1', '0'])]).optional()
  .transform((v) => v === true || v === 'true' || v === 'on' || v === '1');

export const importForm = z.object({
  title: z.string().max(10_000).optional(),
  text: z.string().optional(),
  langs: commaList,
  // A segmentation rule set's id; empty or absent: the built-in rules.
  segmentation: z.union([z.literal(''), z.coerce.number().int().positive()]).optional().transform((v) => (v === '' ? undefined : v)),
});

export const documentParams = z.object({
  id: z.coerce.number({ message: 'a document id is a number' }).int().positive(),
});

/** The import form (page or API, urlencoded, JSON or multipart) as the import service takes it. */
export function importInput(body: unknown, locals: Pick<Express.Locals, 'user' | 'uploadedFile'>): ImportDocumentInput {
  const form = parse(importForm, body);
  return {
    ...(form.title !== undefined && { title: form.title }),
    ...(form.text !== undefined && { text: form.text }),
    ...(locals.uploadedFile && { file: locals.uploadedFile }),
    ...(form.langs.length > 0 && { langs: form.langs }),
    ...(form.segmentation !== undefined && { segmentationRulesId: form.segmentation }),
    user: locals.user ?? null,
  };
}

/** The document page's segmentation form: a rule set (or the built-in rules) and abbreviations. */
export const segmentationForm = z.object({
  // Both fields are always sent (the form has both): a body without them is not a request to reset the settings.
  rules: z.union([z.literal(''), z.null(), z.coerce.number().int().positive()]).transform((v) => (v === '' || v === null ? null : v)),
  abbreviations: z.string().max(20_000),
});
export const srxImportForm = z.object({ name: z.string().max(200).default('') });

export const slotParams = z.object({
  id: z.coerce.number().int().positive(),
  segmentId: z.coerce.number().int().positive(),
  lang: langTag,
});

/** A list of slot statuses: `draft,rejected` or repeated fields. */
const statusList = commaList.refine((values) => values.every(isSlotStatus), 'statuses are empty, aligned, draft, translated, reviewed, approved or rejected')
  .transform((values) => values as SlotStatus[]);

export const rowsQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  low: langTag.optional(),
  // The text and status filters (services/filters.ts).
  q: z.string().max(1000).optional().transform((v) => v?.trim() || undefined),
  status: statusList,
  lang: langTag.optional(),
});

/** Find (GET query) and replace (JSON body) in a language column. */
const findFields = {
  lang: langTag,
  query: z.string().min(1, 'type something to find').max(1000),
  regex: flag,
  caseSensitive: flag,
};
export const findQuery = z.object({ ...findFields, replacement: z.string().max(100_000).optional(), status: statusList });
export const replaceBody = z.object({
  ...findFields,
  replacement: z.string().max(100_000),
  slots: z.array(z.object({ segmentId: z.number().int().positive(), version: z.number().int().positive() })).min(1, 'choose at least one slot').max(5000),
});

/** GET /api/documents/:id pages (issue #12): 500 rows by default, as the editor's 100 are plenty; 2,000 at most. */
export const documentPageQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});

/** The HTML document page: a page of PAGE_SIZE segments, or the rest of one cut short (`from`). */
export const documentHtmlPageQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  from: z.coerce.number().int().min(0).max(100_000_000).optional().catch(undefined),
});

/** The longest slot text a save may send (slot-save-input.ts checks the same bound by hand). */
export const MAX_SAVED_TEXT = 100_000;

export const slotSave = z.object({
  text: z.string().max(MAX_SAVED_TEXT, 'a slot holds at most 100,000 characters'),
  version: z.number().int().positive(),
  confirm: z.boolean().optional(),
});

export const operationRequest = z.object({
  kind: z.enum(OPERATION_KINDS),
  segmentId: z.number().int().positive(),
  lang: z.string().max(20).optional(),
  version: z.number().int().positive().optional(),
  at: z.number().int().min(0).optional(),
});

export const translationForm = z.object({
  lang: z.string().trim().min(1, 'choose the language of the translation').max(20),
  text: z.string().optional(),
  replace: flag,
});

export const jobParams = z.object({ jobId: z.string().uuid('not a job id') });

/** Key bindings: action name → key description such as "Ctrl+Enter" or "m". */
export const keymapBody = z.object({
  keymap: z.record(z.string().regex(/^[a-z0-9-]{1,40}$/), z.string().min(1).max(40)).refine((m) => Object.keys(m).length <= 60, 'too many bindings'),
});

export const alignmentSettingsBody = z.object({ autoRealign: z.boolean() });

export const realignColumnBody = z.object({ lang: z.string().min(1).max(20) });

export const reviewParams = z.object({
  id: z.coerce.number().int().positive(),
  lang: langTag,
});

export const reviewQuery = z.object({
  filter: z.enum(['all', 'needs-review', 'waiting-r2', 'rejected', 'approved', 'changed-since-approval', 'has-comments', 'qa-warnings', 'triangulation', 'low-confidence']).default('needs-review'),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const decisionBody = z.object({
  version: z.number().int().positive(),
  overrideQa: z.boolean().optional(),
  comment: z.string().max(10_000).optional(),
  /** A rejection's error category (issue #13). */
  category: z.enum(ERROR_CATEGORIES).optional(),
});

export const approveAllBody = z.object({
  slots: z.array(z.object({ segmentId: z.number().int().positive(), version: z.number().int().positive() })).min(1, 'no slots listed').max(1000),
});

export const commentBody = z.object({ body: z.string().max(10_000) });
export const commentParams = z.object({ commentId: z.coerce.number().int().positive() });
export const resolveBody = z.object({ resolved: z.boolean() });
export const restoreBody = z.object({ revisionId: z.number().int().positive(), version: z.number().int().positive() });

export const assignmentBody = z.object({
  lang: langTag,
  user: z.string().trim().min(1, 'choose a user').max(100),
  role: z.enum(ASSIGNMENT_ROLES),
  remove: flag,
});

/** A language's second review pass on or off (issue #13); from a form, `enabled` is "1" or absent. */
export const secondReviewBody = z.object({
  lang: langTag,
  enabled: flag,
});

/** A real calendar day: 0000-00-00 and 2026-13-45 match the shape but are no date (a 500 before, issue #12). */
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-11-24')
  .refine((day) => {
    const date = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
  }, 'not a date in the calendar (a date like 2026-11-24)');
export const auditQuery = z.object({
  user: z.string().trim().max(100).optional().transform((v) => v || undefined),
  document: z.union([z.literal(''), z.coerce.number().int().positive()]).optional().transform((v) => (v === '' ? undefined : v)),
  action: z.string().trim().max(40).optional().transform((v) => v || undefined),
  from: z.union([z.literal(''), isoDay]).optional().transform((v) => v || undefined),
  to: z.union([z.literal(''), isoDay]).optional().transform((v) => v || undefined),
  before: z.coerce.number().int().positive().optional(),
});

export const newUserForm = z.object({
  name: z.string().trim().min(1, 'enter a user name').max(40),
  roles: z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

export const userParams = z.object({ userId: z.coerce.number({ message: 'a user id is a number' }).int().positive() });
const roleList = z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
/** The users page's per-user form: what to change (roles: the ticked ones). */
export const userChangeForm = z.object({
  change: z.enum(['deactivate', 'reactivate', 'reset-password', 'roles'], { message: 'choose deactivate, reactivate, reset-password or roles' }),
  roles: roleList,
});
export const rolesBody = z.object({ roles: z.array(z.string().max(20)).max(10) });

export const presenceBody = z.object({
  segmentId: z.number().int().positive().nullable(),
  lang: langTag.nullable(),
});

// ---- Exchange: exports and TMX import

/** The export form's query: documents=1,2 (none or "all" = every document), langs, statuses, notes, format. */
export const exportQuery = z.object({
  documents: commaList.transform((ids, ctx) => {
    if (ids.length === 0 || ids.includes('all')) return 'all' as const;
    const numbers = ids.map(Number);
    if (numbers.some((n) => !Number.isInteger(n) || n <= 0)) {
      ctx.addIssue({ code: 'custom', message: 'document ids are positive numbers' });
      return z.NEVER;
    }
    return numbers;
  }),
  langs: commaList,
  // "approved" (default), "all" (every non-empty status) or a commaList of statuses.
  statuses: commaList.transform((values, ctx): SlotStatus[] => {
    if (values.length === 0) return ['approved'];
    if (values.includes('all')) return [...NON_EMPTY_STATUSES];
    if (!values.every(isSlotStatus)) {
      ctx.addIssue({ code: 'custom', message: 'statuses are approved, translated, … or all' });
      return z.NEVER;
    }
    return values;
  }),
  notes: z.enum(['0', '1', 'on']).optional(),
  format: z.enum(EXPORT_FORMATS).default('tmx'),
  // Also aligned slots at or above this confidence (0..1); empty or absent: none.
  aligned: z.union([z.literal(''), z.coerce.number().min(0, 'a confidence from 0 to 1').max(1, 'a confidence from 0 to 1')]).optional()
    .transform((v) => (v === '' || v === undefined ? null : v)),
  copySource: flag,
});

/** A file coming back (XLIFF or review table) for one document. */
export const returnParams = z.object({ id: z.coerce.number().int().positive() });
export const returnForm = z.object({ editsAre: z.enum(['review', 'translation']).optional() });

export const tmImportForm = z.object({
  purpose: z.enum(['tm', 'document']).default('tm'),
  title: z.string().max(10_000).optional(),
});

// ---- Assist: TM, concordance, pre-translation, glossary, QA

export const assistParams = z.object({
  id: z.coerce.number().int().positive(),
  segmentId: z.coerce.number().int().positive(),
});
export const assistQuery = z.object({ lang: langTag });
export const pretranslateBody = z.object({
  lang: langTag,
  threshold: z.coerce.number().int().min(50, 'at least 50').max(100, 'at most 100').default(100),
});
// Control characters are nothing a person searches for, and a NUL ended FTS5's query
// string early (a 500 before, issue #12).
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
export const concordanceQuery = z.object({
  q: z.string().trim().min(1, 'type a word or phrase').max(200).refine((q) => !CONTROL_CHARACTER.test(q), 'control characters cannot be searched for'),
  lang: langTag.optional(),
  side: z.enum(['source', 'target', 'both']).default('both'),
});
const equivalentSchema = z.object({ lang: langTag, text: z.string().max(300), kind: z.enum(['preferred', 'allowed', 'forbidden']) });
export const termBody = z.object({
  source: z.string().max(200),
  caseSensitive: z.boolean().default(false),
  note: z.string().max(2000).default(''),
  equivalents: z.array(equivalentSchema).max(100).default([]),
});
export const termParams = z.object({ termId: z.coerce.number().int().positive() });
/** The glossary page and API: a search text and a 1-based page (a page beyond the last shows the last). */
export const glossaryPageQuery = z.object({
  q: z.string().max(200, 'search for at most 200 characters').optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).optional(),
});
export const glossaryExportQuery = z.object({ format: z.enum(['csv', 'tbx']).default('csv') });
export const qaQuery = z.object({ lang: langTag.optional() });

/** The glossary form: per language a preferred field and |-separated allowed and forbidden fields. */
export const GLOSSARY_LANGS = ['en', 'ru'] as const;
const termForm = z.object({
  source: z.string().max(200).default(''),
  note: z.string().max(2000).default(''),
  case_sensitive: z.string().optional(),
  ...Object.fromEntries(GLOSSARY_LANGS.flatMap((l) => [[l, z.string().max(300).default('')], [`${l}_allowed`, z.string().max(3000).default('')], [`${l}_forbidden`, z.string().max(3000).default('')]])),
}).catchall(z.unknown());

export function termFromForm(body: unknown) {
  const form = parse(termForm, body) as Record<string, unknown> & { source: string; note: string; case_sensitive?: string };
  const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
  // Values are separated by | as in the CSV; \| is a bar inside a value.
  const list = (name: string) => splitValues(field(name));
  return {
    source: form.source, note: form.note, caseSensitive: form.case_sensitive === 'on' || form.case_sensitive === 'yes',
    equivalents: GLOSSARY_LANGS.flatMap((lang) => [
      ...list(lang).slice(0, 1).map((text) => ({ lang, text, kind: 'preferred' as const })),
      ...list(`${lang}_allowed`).map((text) => ({ lang, text, kind: 'allowed' as const })),
      ...list(`${lang}_forbidden`).map((text) => ({ lang, text, kind: 'forbidden' as const })),
    ]),
  };
}

/** Term suggestions (issue #16): which language is missing and through which one to read it. */
export const suggestionQuery = z.object({
  lang: langTag.default('ru'),
  pivot: langTag.default('en'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  accepted: z.coerce.number().int().positive().optional(),
});
export const acceptSuggestionBody = z.object({
  lang: langTag,
  pivot: langTag.default('en'),
  text: z.string().max(300),
});

/** Spelling of the editor's visible slots, and suggestions for one word. */
export const spellingBody = z.object({
  lang: langTag,
  texts: z.array(z.string().max(100_000)).max(500),
});
export const suggestionsQuery = z.object({ lang: langTag, word: z.string().min(1).max(100) });
