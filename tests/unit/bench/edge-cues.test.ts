import { describe, expect, it } from 'vitest';
import { edgeCues, isShort, runsOn, speechEdge } from '../../../bench/edge-cues.js';
import { parseBeads } from '../../../src/align/beads.js';

describe('runsOn: the text runs on across a sentence boundary', () => {
  it.each([
    ['en', 'She said,', 'and then she left.', true],
    ['en', 'He stopped:', 'Nothing moved.', true],
    ['en', 'He stopped.', 'Nothing moved.', false],
    ['en', "'Come on then: let's see—'", "'At you!'", false],
    ['en', 'He waited.', '— and then nothing.', true],
    ['ru', 'Он ушёл,', 'не сказав ни слова.', true],
    ['ru', 'Он ушёл.', 'Она осталась.', false],
    ['ru', '«Стой!»', 'Он остановился.', false],
    ['zh', '他笑道：', '“好！”', true],
    ['zh', '他走了，', '她也走了。', true],
    ['zh', '他说：“好！”', '两人走了。', false],
    ['zh', '他走了。', '”她说。', true],
  ])('%s %j | %j → %s', (lang, before, after, expected) => {
    expect(runsOn(before, after, lang)).toBe(expected);
  });
});

describe('isShort: a tag or a fragment', () => {
  it.each([
    ['en', 'he said.', true],
    ["en", "'Surrender?'", true],
    ['en', 'The boy burst out laughing.', false],
    ['ru', 'сказал он.', true],
    ['ru', 'Мальчик громко рассмеялся.', true],
    ['ru', 'Мальчик громко и весело рассмеялся.', false],
    ['zh', '小玄子道：', true],
    ['zh', '那男孩哈哈大笑，说道：', false],
  ])('%s %j → %s', (lang, text, expected) => {
    expect(isShort(text, lang)).toBe(expected);
  });
});

describe('speechEdge: a quotation closes or opens at the boundary', () => {
  it.each([
    ['他道：“好！”', '两人走了。', true],
    ['两人走了。', '“好！”', true],
    ['两人走了。', '他也走了。', false],
    ["'Why fight a dummy!' he cried.", 'He laughed.', false],
    ['He laughed.', "'Why fight a dummy!' he cried.", true],
    ['He laughed.', 'Trinket’s turn came.', false],
    ['Он ушёл.', '— Стой!', true],
    ['— Стой! — крикнул он.', 'Все замолчали.', true],
    ['«Стой!»', 'Все замолчали.', true],
    ['Он ушёл.', 'Все замолчали.', false],
  ])('%j | %j → %s', (before, after, expected) => {
    expect(speechEdge(before, after)).toBe(expected);
  });
});

describe('edgeCues per bead', () => {
  const zh = ['他笑道：“好！”', '两人走了。', '天黑了。'];
  it('counts a speech edge on the source only where the translation runs the speech on (en)', () => {
    // The Chinese speech ends with its sentence; the English one ends with its tag after it.
    const en = ["'Fine!' he laughed.", 'The two of them left.', 'Night fell.'];
    const cues = edgeCues(zh, en, parseBeads('[0]:[0]\n[1]:[1]\n[2]:[2]'), 'zh', 'en');
    expect(cues.map((c) => c.speechSourceOnly)).toEqual([1, 1, 0]);
    expect(cues.map((c) => c.speechTargetOnly)).toEqual([0, 0, 0]);
    expect(cues.map((c) => c.runOnEdges)).toEqual([0, 0, 0]);
    const cut = edgeCues(zh, ["'Fine!'", 'he laughed, and they left.', 'Night fell.'], parseBeads('[0]:[0]\n[1]:[1]\n[2]:[2]'), 'zh', 'en');
    expect(cut.map((c) => c.runOnEdges)).toEqual([1, 1, 0]);
    expect(cut.map((c) => c.speechSourceOnly)).toEqual([0, 0, 0]);
  });
  it('counts none where both sides end the speech at the same edge (ru)', () => {
    const ru = ['«Хорошо!» — засмеялся он.', 'Они ушли.', 'Стемнело.'];
    const ruQuoted = ['Он засмеялся: «Хорошо!»', 'Они ушли.', 'Стемнело.'];
    const beads = parseBeads('[0]:[0]\n[1]:[1]\n[2]:[2]');
    expect(edgeCues(zh, ruQuoted, beads, 'zh', 'ru').map((c) => c.speechSourceOnly)).toEqual([0, 0, 0]);
    // A dialogue line that ends with its tag still ends the speech at the edge.
    expect(edgeCues(zh, ['— Хорошо! — засмеялся он.', 'Они ушли.', 'Стемнело.'], beads, 'zh', 'ru').map((c) => c.speechSourceOnly)).toEqual([0, 0, 0]);
    // Set as «…» with the tag after it, the edge is no speech boundary on the Russian side.
    expect(edgeCues(zh, ru, beads, 'zh', 'ru').map((c) => c.speechSourceOnly)).toEqual([1, 1, 0]);
  });
  it('gives an empty side no edge of its own, and measures the local imbalance against the document', () => {
    const cues = edgeCues(zh, ["'Fine!' he laughed.", 'They left.', 'It was late.', 'Night fell.'], parseBeads('[0]:[0]\n[1]:[1,2]\n[]:[3]\n[2]:[]'), 'zh', 'en');
    expect(cues.map((c) => c.speechSourceOnly)).toEqual([1, 1, 0, 0]);
    expect(cues.every((c) => c.localImbalance >= 0)).toBe(true);
    const even = edgeCues(['一。', '二。'], ['One.', 'Two.'], parseBeads('[0]:[0]\n[1]:[1]'), 'zh', 'en');
    expect(even.map((c) => c.localImbalance)).toEqual([0, 0]);
  });
  it('has nothing to say about no beads', () => {
    expect(edgeCues([], [], [], 'zh', 'en')).toEqual([]);
  });
});
