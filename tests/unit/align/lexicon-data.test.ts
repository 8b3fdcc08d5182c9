import { describe, expect, it } from 'vitest';
import { preparedDataUrl } from '../../../src/align/lexicon-data.js';

describe('the prepared dictionary', () => {
  it('is found in dist/data from the sources, the built modules and the bundled align command', () => {
    for (const module of ['file:///app/src/align/lexicon-data.ts', 'file:///app/dist/align/lexicon-data.js', 'file:///app/dist/cli-align.js']) {
      expect(preparedDataUrl('cedict.tsv', module).href).toBe('file:///app/dist/data/cedict.tsv');
    }
  });
});
