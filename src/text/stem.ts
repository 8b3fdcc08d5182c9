/**
 * Word stems by the Snowball algorithms (snowball-stemmers), so that inflected forms meet:
 * партнерство, партнерства, партнерством → партнерств. Pure.
 */
import snowball, { type Stemmer } from 'snowball-stemmers';

// Snowball's algorithm names for the primary language subtags it covers.
const ALGORITHMS: Record<string, string> = {
  ar: 'arabic', hy: 'armenian', eu: 'basque', ca: 'catalan', cs: 'czech', da: 'danish', nl: 'dutch',
  en: 'english', fi: 'finnish', fr: 'french', de: 'german', hu: 'hungarian', it: 'italian', ga: 'irish',
  no: 'norwegian', nb: 'norwegian', pt: 'portuguese', ro: 'romanian', ru: 'russian', es: 'spanish',
  sl: 'slovene', sv: 'swedish', ta: 'tamil', tr: 'turkish',
};

const stemmers = new Map<string, Stemmer | null>();

function stemmerOf(lang: string): Stemmer | null {
  const primary = (lang.split('-')[0] ?? lang).toLowerCase();
  if (!stemmers.has(primary)) {
    const algorithm = ALGORITHMS[primary];
    stemmers.set(primary, algorithm ? snowball.newStemmer(algorithm) : null);
  }
  return stemmers.get(primary) ?? null;
}

/**
 * The stem of one word: lower-cased (ё as е), then Snowball's stem for the language; words of
 * a language Snowball does not cover are only lower-cased.
 * @example stemWord('Партнерством', 'ru') // → 'партнерств'
 * @example stemWord('partnerships', 'en') // → 'partnership'
 * @example stemWord('Жапарова', 'ru') // → 'жапаров' (as Жапаров)
 */
export function stemWord(word: string, lang: string): string {
  const lower = word.toLowerCase().replace(/ё/g, 'е');
  if ((lang.split('-')[0] ?? lang) === 'ru' && /^\p{Lu}/u.test(word)) return stemRussianName(lower);
  const stemmer = stemmerOf(lang);
  return stemmer ? stemmer.stem(lower) : lower;
}

// Russian case endings, longest first (nouns and adjectives, singular and plural).
const RUSSIAN_ENDINGS = /(?:ыми|ими|ами|ями|ого|его|ому|ему|ой|ей|ом|ем|ым|им|ах|ях|ую|юю|ая|яя|ое|ее|ые|ие|ый|ий|ых|их|а|я|у|ю|е|ы|и|о)$/;

/**
 * A capitalised Russian word (a name, or a name's first word) loses only its case ending.
 * Snowball's rules take the -ов/-ев of surnames and the ending of place names for suffixes
 * (Жапаров → жапар, Астана → аста) while their inflected forms keep them (Жапарова →
 * жапаров), which would part the forms of one name.
 * @example stemRussianName('жапаровым') // → 'жапаров'
 */
function stemRussianName(lower: string): string {
  const base = lower.replace(RUSSIAN_ENDINGS, '');
  return base.length >= 3 ? base : lower;
}
