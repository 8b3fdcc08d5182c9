import { z } from 'zod';
import type { ImportDocumentInput } from '../services/documents.js';
import { ValidationError } from '../services/errors.js';

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

/** Target languages arrive as repeated checkboxes, one comma-separated field, or a JSON array. */
const langList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(','))));

export const importForm = z.object({
  title: z.string().max(10_000).optional(),
  text: z.string().optional(),
  langs: langList,
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
    ...(form.langs && { langs: form.langs }),
    user: locals.user ?? null,
  };
}

export const slotParams = z.object({
  id: z.coerce.number().int().positive(),
  segmentId: z.coerce.number().int().positive(),
  lang: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag like en'),
});

export const rowsQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  low: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).optional(),
});

export const slotSave = z.object({
  text: z.string().max(100_000, 'a slot holds at most 100,000 characters'),
  version: z.number().int().positive(),
  confirm: z.boolean().optional(),
});

export const operationRequest = z.object({
  kind: z.enum(['merge', 'split', 'shift-down', 'shift-up', 'move-first-up', 'move-last-down', 'split-segment', 'merge-segments']),
  segmentId: z.number().int().positive(),
  lang: z.string().max(20).optional(),
  version: z.number().int().positive().optional(),
  at: z.number().int().min(0).optional(),
});

export const translationForm = z.object({
  lang: z.string().trim().min(1, 'choose the language of the translation').max(20),
  text: z.string().optional(),
  replace: z.union([z.boolean(), z.enum(['true', 'false', 'on', '1', '0'])]).optional()
    .transform((v) => v === true || v === 'true' || v === 'on' || v === '1'),
});

export const jobParams = z.object({ jobId: z.string().uuid('not a job id') });

/** Key bindings: action name → key description such as "Ctrl+Enter" or "m". */
export const keymapBody = z.object({
  keymap: z.record(z.string().regex(/^[a-z0-9-]{1,40}$/), z.string().min(1).max(40)).refine((m) => Object.keys(m).length <= 60, 'too many bindings'),
});

export const reviewParams = z.object({
  id: z.coerce.number().int().positive(),
  lang: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag like en'),
});

export const reviewQuery = z.object({
  filter: z.enum(['all', 'needs-review', 'rejected', 'approved', 'changed-since-approval', 'has-comments', 'qa-warnings', 'low-confidence']).default('needs-review'),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const decisionBody = z.object({
  version: z.number().int().positive(),
  overrideQa: z.boolean().optional(),
  comment: z.string().max(10_000).optional(),
});

export const approveAllBody = z.object({
  slots: z.array(z.object({ segmentId: z.number().int().positive(), version: z.number().int().positive() })).min(1, 'no slots listed').max(1000),
});

export const commentBody = z.object({ body: z.string().max(10_000) });
export const commentParams = z.object({ commentId: z.coerce.number().int().positive() });
export const resolveBody = z.object({ resolved: z.boolean() });
export const restoreBody = z.object({ revisionId: z.number().int().positive(), version: z.number().int().positive() });

export const assignmentBody = z.object({
  lang: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag like en'),
  user: z.string().trim().min(1, 'choose a user').max(100),
  role: z.enum(['translator', 'reviewer']),
  remove: z.union([z.boolean(), z.enum(['true', 'false', 'on', '1', '0'])]).optional().transform((v) => v === true || v === 'true' || v === 'on' || v === '1'),
});

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-11-24');
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

export const presenceBody = z.object({
  segmentId: z.number().int().positive().nullable(),
  lang: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).nullable(),
});
