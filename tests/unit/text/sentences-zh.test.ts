import { describe, expect, it } from 'vitest';
import { segment, splitParagraphs, splitSentences } from '../../../src/text/segment.js';

describe('Chinese sentence ends', () => {
  it.each<[string, string, string[]]>([
    ['two plain sentences', '甲。乙。', ['甲。', '乙。']],
    ['quote followed by the speaker stays one segment', '“我们走吧。”他说。', ['“我们走吧。”他说。']],
    ['two quotations in a row are two segments', '“好。”“再见。”', ['“好。”', '“再见。”']],
    ['speaker then quotation', '他说：“好！”', ['他说：“好！”']],
    ['speaker, quotation, next sentence', '他说：“好！”我们就走了。', ['他说：“好！”我们就走了。']],
    ['。” stays with its sentence', '他说：“好。”大家走了。然后呢？', ['他说：“好。”大家走了。', '然后呢？']],
    ['closing quote then whitespace ends the sentence', '“我们走吧。” 他说。', ['“我们走吧。”', '他说。']],
    ['！？ run is one ending', '真的吗！？我不信。', ['真的吗！？', '我不信。']],
    ['？！ run is one ending', '你说什么？！快走。', ['你说什么？！', '快走。']],
    ['repeated ！！！', '太好了！！！走吧。', ['太好了！！！', '走吧。']],
    ['？？ run then quote', '“为什么？？”“不知道。”', ['“为什么？？”', '“不知道。”']],
    ['ASCII ! after CJK ends', '你好!我是李明。', ['你好!', '我是李明。']],
    ['ASCII ?! after CJK is one ending', '真的?!不会吧。', ['真的?!', '不会吧。']],
    ['ASCII ! inside a Latin name does not end', '他在Yahoo!工作。', ['他在Yahoo!工作。']],
    ['…… before 。 is part of the ending', '他想了想……。然后走了。', ['他想了想……。', '然后走了。']],
    ['…… alone does not end a sentence', '他想了想……然后走了。', ['他想了想……然后走了。']],
    ['…… at the paragraph end ends it', '他想了想……', ['他想了想……']],
    ['……！ then more text', '唉……！算了。', ['唉……！', '算了。']],
    ['； ： ， never end a sentence', '第一；第二：第三，第四。', ['第一；第二：第三，第四。']],
    ['《…。…》 is never split', '他写了《我爱你。你爱我吗？》这本书。下一句。', ['他写了《我爱你。你爱我吗？》这本书。', '下一句。']],
    ['nested 《〈〉》 is never split', '《论〈道。〉》很难。', ['《论〈道。〉》很难。']],
    ['an unbalanced 《 protects nothing', '《甲。乙。', ['《甲。', '乙。']],
    ['title ending the sentence with 》。', '我读了《红楼梦》。很好看。', ['我读了《红楼梦》。', '很好看。']],
    ['3.5 is not split', '增长了3.5%。明年更多。', ['增长了3.5%。', '明年更多。']],
    ['1,000 is not split', '共有1,000人。都来了。', ['共有1,000人。', '都来了。']],
    ['full-width ３．５ is not split', '增长３．５倍。', ['增长３．５倍。']],
    ['the remainder without an ending is its own segment', '甲。乙', ['甲。', '乙']],
    ['no ending at all', '中华人民共和国', ['中华人民共和国']],
    ['closing bracket then opening bracket ends', '（完。）（续。）', ['（完。）', '（续。）']],
    ['closing 」 then text continues', '「走吧。」他说。', ['「走吧。」他说。']],
    ['closing 』 then 」 then end', '「他说『好。』」', ['「他说『好。』」']],
    ['half-width ｡ ends a sentence', '甲｡乙｡', ['甲｡', '乙｡']],
    ['inner whitespace and U+00A0 are kept', '中华\u00A0人民。 共和国。', ['中华\u00A0人民。', '共和国。']],
    ['quotation then 。 after it stays one segment', '他问“为什么？”。然后走了。', ['他问“为什么？”。', '然后走了。']],
    ['a closing quote typed after a space still closes the sentence', '“不会。 ”“好。”', ['“不会。 ”', '“好。”']],
    ['a closing quote after a space at the paragraph end', '他说：“你不会摔交。 ”', ['他说：“你不会摔交。 ”']],
    ['punctuation left alone after a sentence end joins that sentence', '“传奇中的传奇。” ……', ['“传奇中的传奇。” ……']],
    ['empty paragraph gives nothing', '   ', []],
  ])('%s', (_name, paragraph, expected) => {
    expect(splitSentences(paragraph, 'zh')).toEqual(expected);
  });
});

describe('Chinese paragraphs', () => {
  it.each<[string, string, string[]]>([
    ['U+3000 pair separates paragraphs', '甲。　　乙。', ['甲。', '乙。']],
    ['leading indent is dropped', '　　甲。　　乙。', ['甲。', '乙。']],
    ['U+00A0 and spaces around U+3000 belong to the break', '甲。\u00A0 \u3000\u3000\u00A0乙。', ['甲。', '乙。']],
    ['a single U+3000 is enough', '甲。\u3000乙。', ['甲。', '乙。']],
    ['U+00A0 alone is not a break', '甲\u00A0乙。', ['甲\u00A0乙。']],
    ['ASCII spaces alone are not a break', '甲。  乙。', ['甲。  乙。']],
    ['newlines break paragraphs', '甲。\n乙。\n\n丙。', ['甲。', '乙。', '丙。']],
    ['CRLF and CR break paragraphs', '甲。\r\n乙。\r丙。', ['甲。', '乙。', '丙。']],
    ['BOM is stripped', '\uFEFF甲。', ['甲。']],
  ])('%s', (_name, text, expected) => {
    expect(splitParagraphs(text, 'zh')).toEqual(expected);
  });

  it('segment() numbers paragraphs 0-based across U+3000 and CRLF breaks', () => {
    expect(segment('\uFEFF　　标题　　甲。乙。\u00A0　　丙！\r\n丁', 'zh-CN')).toEqual([
      { text: '标题', paragraph: 0 },
      { text: '甲。', paragraph: 1 },
      { text: '乙。', paragraph: 1 },
      { text: '丙！', paragraph: 2 },
      { text: '丁', paragraph: 3 },
    ]);
  });

  it('segment() does not NFC-normalise (decomposed é survives)', () => {
    expect(segment('cafe\u0301。', 'zh')).toEqual([{ text: 'cafe\u0301。', paragraph: 0 }]);
  });

  it.each(['zh', 'zh-CN', 'zh-Hans-CN', 'ZH', 'zh_TW', 'cmn'])('%s uses the Chinese rules', (lang) => {
    expect(splitSentences('甲。乙。', lang)).toEqual(['甲。', '乙。']);
  });
});
