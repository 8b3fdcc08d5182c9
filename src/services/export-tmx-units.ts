/**
 * The groups of an export as TMX units (issue #6): what formats/tmx-writer.ts's string
 * writer writes, and the reference the bytes path (export-tmx-bytes.ts) matches byte for byte.
 */
import type { SlotStatus } from '../domain.js';
import type { TmxProp, TmxUnitInput, TmxVariant } from '../formats/tmx-writer.js';
import type { Document } from '../store/documents.js';
import { partsLabel, segmentRange, type ExportGroup, type ExportVariant, type VariantPart } from './export-groups.js';
import type { ExportReader } from './export-run.js';

/**
 * A tuv's props: its status (the weakest of its slots, and each slot's when it joins
 * several), and what the aligner said: its confidence and whether a person has confirmed
 * the placement since (`x-alignment`: `automatic` while any slot is still as aligned).
 * TMX 1.4b: these precede the `<seg>` (tuv = (note|prop)*, seg).
 */
export function tmxVariantProps(variant: ExportVariant): TmxProp[] {
  return propsOf(variant.status, variant.parts, variant.confidence, variant.heads.some((h) => h.status === 'aligned'));
}

/** The props of a tuv made of one slot (nearly every tuv), as tmxVariantProps gives them. */
export function tmxSlotProps(status: SlotStatus, confidence: number | null): TmxProp[] {
  return propsOf(status, [], confidence, status === 'aligned');
}

function propsOf(status: SlotStatus, parts: readonly VariantPart[], confidence: number | null, aligned: boolean): TmxProp[] {
  const props: TmxProp[] = [{ type: 'x-status', value: status }];
  if (parts.length > 0) props.push({ type: 'x-status-parts', value: partsLabel(parts) });
  if (confidence !== null) props.push({ type: 'x-confidence', value: confidence.toFixed(2) });
  if (confidence !== null || aligned) props.push({ type: 'x-alignment', value: aligned ? 'automatic' : 'confirmed' });
  return props;
}

/**
 * The props of a tuv, shared between tuvs where they are only a status: nearly every tuv
 * of a document (one slot, no confidence), so no array is made for each. The writer only
 * reads them.
 */
function variantProps(variant: ExportVariant, shared: Map<string, TmxProp[]>): TmxProp[] {
  if (variant.parts.length > 0 || variant.confidence !== null || variant.status === 'aligned') return tmxVariantProps(variant);
  let props = shared.get(variant.status);
  if (!props) shared.set(variant.status, props = tmxVariantProps(variant));
  return props;
}

/** TMX units of the groups with something to write (by default every group of the run). */
export function* tmxUnits(run: ExportReader, groups: Iterable<ExportGroup> = run.groups()): Generator<TmxUnitInput> {
  const { codeOf } = run;
  const sourceLang = codeOf('zh');
  const langCodes = new Map(run.langs.map((lang) => [lang, codeOf(lang)]));
  const shared = new Map<string, TmxProp[]>();
  let document: Document | undefined;
  let documentProps: [TmxProp, TmxProp] | undefined;
  let creator: string | null = null;
  for (const group of groups) {
    if (group.document !== document) {
      document = group.document;
      documentProps = [{ type: 'x-document', value: document.title }, { type: 'x-document-id', value: String(document.id) }];
      creator = run.creatorName(document.createdBy);
    }
    const variants: TmxVariant[] = [{ lang: sourceLang, text: group.sourceText }];
    let latest: ExportVariant | undefined;
    for (const v of group.variants) {
      if (!v.included) continue;
      if (!latest || v.changedAt > latest.changedAt) latest = v;
      variants.push({ lang: langCodes.get(v.lang) ?? codeOf(v.lang), text: v.text, changedate: v.changedAt || null, changeid: v.changedBy, props: variantProps(v, shared) });
    }
    yield {
      tuid: `doc${document.id}-seg${group.segments[0]!.id}`,
      creationdate: document.createdAt,
      creationid: creator,
      changedate: latest?.changedAt || null,
      changeid: latest?.changedBy ?? null,
      props: [documentProps![0], documentProps![1], { type: 'x-segments', value: segmentRange(group.segments) }],
      notes: run.notesOf(group),
      variants,
    };
  }
}
