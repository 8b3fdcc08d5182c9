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
