/**
 * Signed reasons: every piece of evidence the aligner reports either supports a bead (+) or
 * doubts it (−), and says so in its first character, so a person reading "− 2 unmatched numbers"
 * beside a green bead sees it is a doubt the rest outweighed. Reasons are stored as plain strings
 * (slots.reasons), so those written before signs existed stay readable: they simply have none.
 */

/** The sign a reason starts with. */
export const SUPPORTS = '+';
export const DOUBTS = '−';

/** A reason as the aligner gives it: its sign, a space, the text. */
export type Reason = `${typeof SUPPORTS} ${string}` | `${typeof DOUBTS} ${string}`;

/** @example supports('names: 比什凯克 ↔ Bishkek') // → '+ names: 比什凯克 ↔ Bishkek' */
export function supports(text: string): Reason {
  return `${SUPPORTS} ${text}`;
}

/** @example doubts('2 unmatched numbers') // → '− 2 unmatched numbers' */
export function doubts(text: string): Reason {
  return `${DOUBTS} ${text}`;
}

/**
 * A stored reason read back: its sign, or undefined for one written before reasons were signed.
 * @example readReason('− no lexical links') // → { sign: '−', text: 'no lexical links' }
 * @example readReason('length ratio 1.02× the document norm') // → { sign: undefined, text: 'length ratio 1.02× the document norm' }
 */
export function readReason(reason: string): { sign: typeof SUPPORTS | typeof DOUBTS | undefined; text: string } {
  if (reason.startsWith(`${SUPPORTS} `)) return { sign: SUPPORTS, text: reason.slice(2) };
  if (reason.startsWith(`${DOUBTS} `)) return { sign: DOUBTS, text: reason.slice(2) };
  return { sign: undefined, text: reason };
}
