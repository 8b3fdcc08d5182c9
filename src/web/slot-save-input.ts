/**
 * A slot save's input (route parameters and JSON body), checked by hand: the editor saves at
 * every pause in typing, and the zod schemas took about 4 % of the server's time per save
 * under the load bench (issue #15). The hand checks accept only input the schemas accept and
 * answer it the same; anything else goes to the schemas, so a refusal names the same field
 * with the same words. tests/unit/web/slot-save-input.test.ts holds the two to each other.
 */
import { LANG_TAG, MAX_SAVED_TEXT, parse, slotParams, slotSave } from './schemas.js';

export type SlotParams = { id: number; segmentId: number; lang: string };
export type SlotSaveBody = { text: string; version: number; confirm?: boolean };

// A positive id as a route gives it: digits without a leading zero, 15 at most, so always a
// safe integer. Other spellings the schema also takes ("007", " 7") go to the schema.
const ID = /^[1-9][0-9]{0,14}$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `/documents/:id/slots/:segmentId/:lang` as numbers and a language tag, or ValidationError (400). */
export function parseSlotParams(params: unknown): SlotParams {
  if (isRecord(params)) {
    const { id, segmentId, lang } = params;
    if (typeof id === 'string' && typeof segmentId === 'string' && typeof lang === 'string' && ID.test(id) && ID.test(segmentId) && LANG_TAG.test(lang)) {
      return { id: Number(id), segmentId: Number(segmentId), lang };
    }
  }
  return parse(slotParams, params);
}

/** `{ text, version, confirm? }`, or ValidationError (400) naming the field. */
export function parseSlotSaveBody(body: unknown): SlotSaveBody {
  if (isRecord(body)) {
    const { text, version, confirm } = body;
    if (typeof text === 'string' && text.length <= MAX_SAVED_TEXT && typeof version === 'number' && Number.isSafeInteger(version) && version > 0) {
      if (confirm === undefined && !('confirm' in body)) return { text, version };
      if (typeof confirm === 'boolean') return { text, version, confirm };
    }
  }
  return parse(slotSave, body);
}
