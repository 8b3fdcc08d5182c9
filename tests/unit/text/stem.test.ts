import { describe, expect, it } from 'vitest';
import { stemWord } from '../../../src/text/stem.js';

describe('stemWord', () => {
  it.each([
    ['партнерство', 'партнерства'], ['партнерство', 'партнерством'], ['стратегическое', 'стратегического'],
    // Names: Snowball alone parts Жапаров from Жапарова and Астана from Астане.
    ['Жапаров', 'Жапарова'], ['Жапаров', 'Жапаровым'], ['Астана', 'Астане'], ['Токаев', 'Токаева'], ['Бишкек', 'Бишкеке'],
    ['partnership', 'partnerships'],
  ])('%s and %s share a stem', (a, b) => expect(stemWord(a, /[a-z]/.test(a) ? 'en' : 'ru')).toBe(stemWord(b, /[a-z]/.test(b) ? 'en' : 'ru')));

  it('lower-cases, reads ё as е, and leaves languages Snowball lacks unstemmed', () => {
    expect(stemWord('ёлки', 'ru')).toBe(stemWord('ЕЛКИ'.toLowerCase(), 'ru'));
    expect(stemWord('ёлки', 'ru')).toBe('елк');
    expect(stemWord('Wörter', 'xx')).toBe('wörter');
  });
});
