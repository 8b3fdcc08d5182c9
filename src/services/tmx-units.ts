/**
 * What a TMX import reads from each `<tu>`: its languages, source and targets (shared by
 * the TM import in exchange.ts and the documents made from TMX files in tmx-document.ts).
 */
import { LANGUAGE_NAMES } from '../domain.js';
import { TmxReadError, type TmxReadHeader, type TmxReadUnit } from '../formats/tmx-reader.js';
import { ValidationError } from './errors.js';

export const TM_SKIP_REASONS = {
  no_source: 'no text in the source language',
  no_target: 'no translation beside the source text',
  duplicate: 'already in the translation memory',
  bad_lang: 'a language code that is not a valid tag',
} as const;
export type TmSkipReason = keyof typeof TM_SKIP_REASONS;

export interface TmxFileInput { name: string; bytes: Uint8Array }

/** `en_us` → `en-US`, `ZH-cn` → `zh-CN`, `*all*` stays. */
export function normalizeLangCode(code: string): string {
  const parts = code.trim().replace(/_/g, '-').split('-').filter((p) => p.length > 0);
  return parts.map((p, i) => (i === 0 ? p.toLowerCase() : p.length === 2 ? p.toUpperCase() : p.length === 4 ? p[0]!.toUpperCase() + p.slice(1).toLowerCase() : p)).join('-');
}

/** A TMX language as a document language: `en-US` → `en`, `ru-RU` → `ru`, `pt-BR` stays. */
export function documentLang(code: string): string {
  const normalized = normalizeLangCode(code);
  const primary = normalized.split('-')[0] ?? normalized;
  return primary in LANGUAGE_NAMES ? primary : normalized;
}

export const primaryOf = (lang: string) => (lang.split('-')[0] ?? lang).toLowerCase();

export function chunksOf(bytes: Uint8Array, size = 64 * 1024): Iterable<Uint8Array> {
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size);
    },
  };
}

export function asTmxError(error: unknown): never {
  if (error instanceof TmxReadError) {
    throw new ValidationError(error.message, { code: error.code === 'not_tmx' ? 'not_tmx' : error.code === 'forbidden_doctype' ? 'forbidden_doctype' : 'invalid_tmx', details: { reason: error.code } });
  }
  throw error;
}

type Variant = { lang: string; text: string; changeid?: string; changedate?: string };

/** The unit's source variant: the one in the unit's (or header's) srclang; with `*all*` or none, the first Chinese one. */
/** A unit's variants with their language codes normalised and their texts in NFC. */
function normalizedVariants(unit: TmxReadUnit): Variant[] {
  return unit.variants.map((v) => ({ ...v, lang: normalizedLang(v.lang), text: v.text.normalize('NFC') }));
}

/**
 * normalizeLangCode, remembered: a TMX file names the same two or three languages in every
 * unit (bench/tmx.ts: normalising them was ~4 % of an import). Bounded, as a hostile
 * file may name a new language in every unit.
 */
const normalizedLangs = new Map<string, string>();
function normalizedLang(code: string): string {
  let normalized = normalizedLangs.get(code);
  if (normalized === undefined) {
    normalized = normalizeLangCode(code);
    if (normalizedLangs.size < 1024) normalizedLangs.set(code, normalized);
  }
  return normalized;
}

export function sourceVariant(unit: TmxReadUnit, header: TmxReadHeader, variants = normalizedVariants(unit)): Variant | undefined {
  const declared = unit.srclang ?? header.srclang;
  const srclang = declared && declared !== '*all*' ? normalizedLang(declared) : undefined;
  if (srclang) {
    return variants.find((v) => v.lang === srclang) ?? variants.find((v) => primaryOf(v.lang) === primaryOf(srclang) && !srclang.includes('-'));
  }
  return variants.find((v) => primaryOf(v.lang) === 'zh') ?? variants[0];
}

type Pick = { kind: 'pick'; source: Variant; targets: Variant[] } | { kind: 'skip'; reason: TmSkipReason };

/** Splits a unit into its source text and its translations, or says why it is skipped. */
export function pickSource(unit: TmxReadUnit, header: TmxReadHeader): Pick {
  if (unit.variants.some((v) => !/^[A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8})*$/.test(v.lang))) return { kind: 'skip', reason: 'bad_lang' };
  const variants = normalizedVariants(unit);
  const source = sourceVariant(unit, header, variants);
  if (!source || source.text.trim().length === 0) return { kind: 'skip', reason: 'no_source' };
  const targets = variants.filter((v) => v.lang !== source.lang && v.text.trim().length > 0);
  // One pair per target language: a second variant in the same language is a duplicate in the file.
  const unique = targets.filter((v, i) => targets.findIndex((w) => w.lang === v.lang) === i);
  if (unique.length === 0) return { kind: 'skip', reason: 'no_target' };
  return { kind: 'pick', source, targets: unique };
}
