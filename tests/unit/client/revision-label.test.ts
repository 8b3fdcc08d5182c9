import { describe, expect, it } from 'vitest';
import { revisionActionLabel } from '../../../src/client/slot-panel.js';

describe('the history label of a revision', () => {
  it('calls a first reviewer\'s approval in a two-pass language "approved in R1", not the final approval', () => {
    expect(revisionActionLabel({ action: 'approve', status: 'reviewed' })).toBe('approved in R1');
    expect(revisionActionLabel({ action: 'approve', status: 'approved' })).toBe('approved');
  });

  it('names every other action as before, and shows an unknown one as it is', () => {
    expect(revisionActionLabel({ action: 'confirm', status: 'translated' })).toBe('confirmed');
    expect(revisionActionLabel({ action: 'reject', status: 'rejected' })).toBe('rejected');
    expect(revisionActionLabel({ action: 'something-new', status: 'draft' })).toBe('something-new');
  });
});
