import type { Store } from '../../src/store/index.js';

/**
 * Moves the texts of the English heads [from, to] (indexes among the column's heads) down by one,
 * as a bad alignment would leave them: the first becomes empty, the last holds two texts, all
 * unconfirmed and written as `align`. With `dropCalibration`, the slots keep no aligner
 * probability, as an aligner before migration 018 wrote them.
 */
export function displaceEnglish(store: Store, documentId: number, from: number, to: number, options: { dropCalibration?: boolean } = {}): void {
  const positions = store.slots.listSlots(documentId, 'en').flatMap((slot, position) => (slot.kind === 'head' ? [{ position, span: slot.span }] : []));
  const start = positions[from]!.position;
  const end = positions[to]!.position + positions[to]!.span - 1;
  const region = store.regions.readRegion(documentId, start, end, ['en']);
  const old = region.slots.en!;
  const texts = old.map((h, k) => (k === 0 ? '' : k === old.length - 1 ? `${old[k - 1]!.text} ${h.text}` : old[k - 1]!.text));
  const slots = old.map((head, k) => {
    const { calibration, ...rest } = head;
    return { ...rest, ...(!options.dropCalibration && calibration !== undefined && { calibration }), text: texts[k]!, status: texts[k] ? 'aligned' as const : 'empty' as const, byAligner: true };
  });
  store.transaction(() => store.regions.writeRegion(documentId, region, { ...region, slots: { en: slots } }, { userId: null, action: 'align', now: new Date().toISOString() }));
}
