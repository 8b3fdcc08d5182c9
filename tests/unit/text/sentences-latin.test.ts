import { describe, expect, it } from 'vitest';
import { segment, splitParagraphs, splitSentences } from '../../../src/text/segment.js';

describe('English sentence ends', () => {
  it.each<[string, string, string[]]>([
    ['two plain sentences', 'The sides met. They agreed.', ['The sides met.', 'They agreed.']],
    ['? and ! end sentences', 'Why? Because! Then it rained.', ['Why?', 'Because!', 'Then it rained.']],
    ['?! run is one ending', 'Really?! Yes.', ['Really?!', 'Yes.']],
    ['... ellipsis ends before a capital', 'Wait... Then go.', ['Wait...', 'Then go.']],
    ['… ellipsis ends before a capital', 'Wait… Then go.', ['Wait…', 'Then go.']],
    ['ellipsis before lowercase does not end', 'Wait... then go.', ['Wait... then go.']],
    ['lowercase after a full stop does not split', 'See the annex. below it is the list.', ['See the annex. below it is the list.']],
    ['a digit starts a new sentence', 'It began in 2013. 2019 was better.', ['It began in 2013.', '2019 was better.']],
    ['closing ” after the full stop stays', 'He said “Go.” Then he left.', ['He said “Go.”', 'Then he left.']],
    ['opening “ starts a new sentence', 'He left. “Why?” she asked.', ['He left.', '“Why?” she asked.']],
    ['closing ) after the full stop stays', 'It grew (by a lot.) Then it fell.', ['It grew (by a lot.)', 'Then it fell.']],
    ['opening ( starts a new sentence', 'It grew. (See the annex.)', ['It grew.', '(See the annex.)']],
    ['Mr. and Mrs.', 'Mr. Li and Mrs. Wang met. They talked.', ['Mr. Li and Mrs. Wang met.', 'They talked.']],
    ['Dr. and Prof.', 'Dr. Smith met Prof. Jones. They talked.', ['Dr. Smith met Prof. Jones.', 'They talked.']],
    ['St. before a name', 'He lived in St. Petersburg. It was cold.', ['He lived in St. Petersburg.', 'It was cold.']],
    ['U.S. and U.N. never end a sentence', 'The U.S. President spoke at the U.N. General Assembly.', ['The U.S. President spoke at the U.N. General Assembly.']],
    ['e.g. and i.e.', 'Some fruit, e.g. Apples, i.e. Red ones. Fine.', ['Some fruit, e.g. Apples, i.e. Red ones.', 'Fine.']],
    ['No. before a number', 'See No. 5 and Art. 12. Done.', ['See No. 5 and Art. 12.', 'Done.']],
    ['No. before a capital is a word', 'He said no. No. The answer stands.', ['He said no.', 'No.', 'The answer stands.']],
    ['month abbreviations', 'It was signed on Jan. 5 and Feb. 6. Dec. 1 too.', ['It was signed on Jan. 5 and Feb. 6.', 'Dec. 1 too.']],
    ['vs., Inc., Ltd., Co.', 'Acme Inc. vs. Widget Ltd. Went to court with Smith Co. Staff.', ['Acme Inc. vs. Widget Ltd. Went to court with Smith Co. Staff.']],
    ['single-letter initials', 'J. R. R. Tolkien wrote it. We read it.', ['J. R. R. Tolkien wrote it.', 'We read it.']],
    ['the pronoun I ends a sentence', 'So was I. At last it rained.', ['So was I.', 'At last it rained.']],
    ['a middle initial I does not', 'Robert I. Smith came.', ['Robert I. Smith came.']],
    ['decimals are not split', 'It grew 3.5 percent. It fell.', ['It grew 3.5 percent.', 'It fell.']],
    ['thousands separators are not split', 'About 1,000 people came. Few left.', ['About 1,000 people came.', 'Few left.']],
    ['date ordinal before a month name', 'Am 6. Februar 2022 unterzeichnet. Danach.', ['Am 6. Februar 2022 unterzeichnet.', 'Danach.']],
    ['dotted dates are not split', 'Signed 1.2.2022 in Beijing. Done.', ['Signed 1.2.2022 in Beijing.', 'Done.']],
    ['a number before a capital that is no month ends', 'The count was 6. Then it stopped.', ['The count was 6.', 'Then it stopped.']],
    ['etc. before lowercase does not split', 'Apples, pears, etc. are sold here.', ['Apples, pears, etc. are sold here.']],
    // Decision: "etc." before a capital ends the sentence (a list ending is
    // far more often the end of a sentence than a name inside one).
    ['etc. before a capital ends the sentence', 'Apples, pears, etc. Then bread.', ['Apples, pears, etc.', 'Then bread.']],
    ['a no-break space is never a sentence gap', 'It ended.\u00A0Then it began.', ['It ended.\u00A0Then it began.']],
    ['no whitespace after the stop (URL) does not split', 'Visit example.Com today. Now.', ['Visit example.Com today.', 'Now.']],
    ['no final punctuation', 'Beijing, February 6, 2022', ['Beijing, February 6, 2022']],
    ["an utterance broken off by a dash ends at its quote", "'But I—' 'You what?' snapped the eunuch.", ["'But I—'", "'You what?' snapped the eunuch."]],
    ['a broken-off utterance in double quotes', '"You mean, those rumors--" "Most turned out to be true."', ['"You mean, those rumors--"', '"Most turned out to be true."']],
    ['a dash without a quote stays inside the sentence', 'The man – John – came. He sat.', ['The man – John – came.', 'He sat.']],
    ['a broken-off quote before lowercase does not split', "He said 'no—' and left.", ["He said 'no—' and left."]],
  ])('%s', (_name, paragraph, expected) => {
    expect(splitSentences(paragraph, 'en')).toEqual(expected);
  });
});

describe('Russian sentence ends', () => {
  it.each<[string, string, string[]]>([
    ['two plain sentences', 'Стороны провели переговоры. Они договорились.', ['Стороны провели переговоры.', 'Они договорились.']],
    ['г. before a capital is a year, not an end', 'В 2022 г. Китай провёл Игры. Это важно.', ['В 2022 г. Китай провёл Игры.', 'Это важно.']],
    ['гг.', 'В 1992–2022 гг. Отношения развивались. Далее.', ['В 1992–2022 гг. Отношения развивались.', 'Далее.']],
    ['т.е.', 'Стороны, т.е. Китай и Кыргызстан, согласились. Далее.', ['Стороны, т.е. Китай и Кыргызстан, согласились.', 'Далее.']],
    ['т.д. before lowercase does not split', 'Торговля, инвестиции и т.д. остаются важными.', ['Торговля, инвестиции и т.д. остаются важными.']],
    // Same decision as for "etc.".
    ['т.д. before a capital ends the sentence', 'Торговля, инвестиции и т.д. Стороны согласились.', ['Торговля, инвестиции и т.д.', 'Стороны согласились.']],
    ['и т. д. with a space is the same list ending', 'Торговля и т. д. Стороны согласились.', ['Торговля и т. д.', 'Стороны согласились.']],
    ['и т.п. before lowercase does not split', 'Дороги, мосты и т.п. строятся.', ['Дороги, мосты и т.п. строятся.']],
    ['ст. before a number', 'Согласно ст. 5 Договора. Далее.', ['Согласно ст. 5 Договора.', 'Далее.']],
    ['им. before a name', 'Университет им. Ломоносова открыт. Далее.', ['Университет им. Ломоносова открыт.', 'Далее.']],
    ['см. before a capital', 'Подробнее см. Приложение 1. Далее.', ['Подробнее см. Приложение 1.', 'Далее.']],
    ['в т.ч.', 'Проекты, в т.ч. Дорога Бишкек–Ош, идут. Далее.', ['Проекты, в т.ч. Дорога Бишкек–Ош, идут.', 'Далее.']],
    ['руб., тыс., млн., млрд.', 'Сумма 5 млн. Руб. и 3 тыс. Долларов, 2 млрд. Всего. Итог.', ['Сумма 5 млн. Руб. и 3 тыс. Долларов, 2 млрд. Всего.', 'Итог.']],
    ['single-letter initial С. Жапаров', 'Президент С. Жапаров прибыл. Его встретили.', ['Президент С. Жапаров прибыл.', 'Его встретили.']],
    ['two initials', 'Писатель Ч. Т. Айтматов родился в Шекере. Далее.', ['Писатель Ч. Т. Айтматов родился в Шекере.', 'Далее.']],
    ['«…» closing after the full stop', 'Он сказал: «Идём.» Затем ушёл.', ['Он сказал: «Идём.»', 'Затем ушёл.']],
    ['opening « starts a new sentence', 'Он ушёл. «Почему?» — спросили все.', ['Он ушёл.', '«Почему?» — спросили все.']],
    ['?» followed by a dash and lowercase does not split', '«Почему?» — спросил он. Ответа не было.', ['«Почему?» — спросил он.', 'Ответа не было.']],
    ['dialogue dash before a capital starts a sentence', 'Он кивнул. — Пойдём.', ['Он кивнул.', '— Пойдём.']],
    ['decimal comma and point', 'Рост составил 3,5 и 4.5 процента. Далее.', ['Рост составил 3,5 и 4.5 процента.', 'Далее.']],
    ['ellipsis before a capital', 'Подумал… Решил.', ['Подумал…', 'Решил.']],
    ['lowercase after a full stop does not split', 'Он пришёл. и ушёл.', ['Он пришёл. и ушёл.']],
  ])('%s', (_name, paragraph, expected) => {
    expect(splitSentences(paragraph, 'ru')).toEqual(expected);
  });
});

describe('Latin/Cyrillic paragraphs', () => {
  it.each<[string, string, string[]]>([
    ['one paragraph per line, blank lines dropped', 'One.\n\nTwo.\n', ['One.', 'Two.']],
    ['CRLF and CR', 'One.\r\nTwo.\rThree.', ['One.', 'Two.', 'Three.']],
    ['surrounding whitespace trimmed', '  One.  \n\t Two.', ['One.', 'Two.']],
    ['Unicode line and paragraph separators', 'One.\u2028Two.\u2029Three.', ['One.', 'Two.', 'Three.']],
    ['U+3000 is not a break outside Chinese', 'One.\u3000Two.', ['One.\u3000Two.']],
  ])('%s', (_name, text, expected) => {
    expect(splitParagraphs(text, 'en')).toEqual(expected);
  });

  it('segment() never runs a sentence across lines', () => {
    expect(segment('Mr.\r\nSmith came. He left.\n\nSt.', 'en-GB')).toEqual([
      { text: 'Mr.', paragraph: 0 },
      { text: 'Smith came.', paragraph: 1 },
      { text: 'He left.', paragraph: 1 },
      { text: 'St.', paragraph: 2 },
    ]);
  });

  it.each(['de', 'fr', 'kk', 'und', ''])('%j falls back to the Latin/Cyrillic rules', (lang) => {
    expect(splitSentences('Eins. Zwei.', lang)).toEqual(['Eins.', 'Zwei.']);
  });
});
