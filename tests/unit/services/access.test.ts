/**
 * The whole role × action matrix of the policy (services/access.ts), written out as a
 * table so a reader sees every rule at once and a change to one shows up here.
 */
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/domain.js';
import { ACTIONS, createAccessPolicy, type Action, type AssignmentFacts } from '../../../src/services/access.js';
import { PermissionError } from '../../../src/services/errors.js';
import type { User } from '../../../src/store/users.js';

const DOC = 7;
const ME = 1;

/** How the language (every language of the document) is assigned, for each role the user holds. */
type Assignment = 'mine' | 'others' | 'nobody';
const ASSIGNMENTS: Assignment[] = ['mine', 'others', 'nobody'];

function facts(assignment: Assignment): AssignmentFacts {
  return {
    mayWorkOn: (_documentId, _lang, _role, userId) => assignment === 'nobody' || (assignment === 'mine' && userId === ME),
  };
}

const USERS: [string, Role[]][] = [
  ['admin', ['admin']],
  ['translator', ['translator']],
  ['reviewer', ['reviewer']],
  ['translator+reviewer', ['translator', 'reviewer']],
  ['no role', []],
];

function user(roles: Role[]): User {
  return { id: ME, name: 'me', roles, disabled: false, createdAt: '2026-01-01T00:00:00.000Z' };
}

const en = { documentId: DOC, lang: 'en' };
const both = { documentId: DOC, langs: ['en', 'ru'] };

/** One row per case: the action, its subject, and the expected answer per user and assignment. */
const CASES: [string, Action, unknown][] = [
  ['import a document', 'import-document', undefined],
  ['edit a slot', 'edit-slot', en],
  ['confirm a slot', 'confirm-slot', en],
  ['fix the alignment', 'fix-alignment', en],
  ['split or merge Chinese segments', 'edit-source', both],
  ['import a translation', 'import-translation', en],
  ['import a returned XLIFF or review table', 'import-return', en],
  ['pre-translate', 'pretranslate', en],
  ['approve', 'approve', en],
  ['reject', 'reject', en],
  ['second-review a slot someone else approved in the first pass', 'second-review', { ...en, firstReviewerId: 99 }],
  ['second-review a slot they approved in the first pass', 'second-review', { ...en, firstReviewerId: ME }],
  ['restore a revision', 'restore', en],
  ['comment', 'comment', en],
  ["resolve someone else's comment", 'resolve-comment', { ...en, authorId: 99 }],
  ['resolve their own comment', 'resolve-comment', { ...en, authorId: ME }],
  ['undo or redo an edit', 'undo', { documentId: DOC, kind: 'edit', langs: ['en'] }],
  ['undo or redo an alignment fix', 'undo', { documentId: DOC, kind: 'shift-down', langs: ['en'] }],
  ['undo or redo a Chinese split', 'undo', { documentId: DOC, kind: 'split-segment', langs: ['en', 'ru'] }],
  ['undo or redo an approval', 'undo', { documentId: DOC, kind: 'approve', langs: ['en'] }],
  ['undo or redo a second-pass approval', 'undo', { documentId: DOC, kind: 'second-approve', langs: ['en'] }],
  ['undo or redo a second-pass rejection', 'undo', { documentId: DOC, kind: 'second-reject', langs: ['en'] }],
  ['undo or redo a pre-translation', 'undo', { documentId: DOC, kind: 'pretranslate', langs: ['en'] }],
  ['undo or redo a find and replace', 'undo', { documentId: DOC, kind: 'replace', langs: ['en'] }],
  ['undo or redo a step of unknown kind', 'undo', { documentId: DOC, kind: 'something-new', langs: ['en'] }],
  ['undo or redo a step named like an Object key', 'undo', { documentId: DOC, kind: 'constructor', langs: ['en'] }],
  ['manage users', 'manage-users', undefined],
  ['manage assignments', 'manage-assignments', undefined],
  ['turn a second review pass on or off', 'manage-review-passes', undefined],
  ['edit the glossary', 'edit-glossary', undefined],
  ['import TMX', 'import-tmx', undefined],
  ['import or change segmentation rules', 'edit-segmentation', undefined],
  ['export', 'export', undefined],
  ['read the audit log', 'read-audit', undefined],
];

/**
 * Columns: admin | translator | reviewer | translator+reviewer | no role, each for the
 * language assigned to them (m), to someone else (o), to nobody (n). Y = allowed.
 */
const EXPECTED: Record<string, string> = {
  //                                         adm tra rev t+r none
  //                                         mon mon mon mon mon
  'import a document':                      'YYY YYY ... YYY ...',
  'edit a slot':                            'YYY Y.Y Y.Y Y.Y ...',
  'confirm a slot':                         'YYY Y.Y ... Y.Y ...',
  'fix the alignment':                      'YYY Y.Y ... Y.Y ...',
  'split or merge Chinese segments':        'YYY Y.Y ... Y.Y ...',
  'import a translation':                   'YYY Y.Y ... Y.Y ...',
  'import a returned XLIFF or review table': 'YYY Y.Y Y.Y Y.Y ...',
  'pre-translate':                          'YYY Y.Y ... Y.Y ...',
  'approve':                                'YYY ... Y.Y Y.Y ...',
  'reject':                                 'YYY ... Y.Y Y.Y ...',
  'second-review a slot someone else approved in the first pass': 'YYY ... Y.Y Y.Y ...',
  'second-review a slot they approved in the first pass':         'YYY ... ... ... ...',
  'restore a revision':                     'YYY Y.Y ... Y.Y ...',
  'comment':                                'YYY YYY YYY YYY ...',
  "resolve someone else's comment":         'YYY ... Y.Y Y.Y ...',
  'resolve their own comment':              'YYY YYY YYY YYY YYY',
  'undo or redo an edit':                   'YYY Y.Y Y.Y Y.Y ...',
  'undo or redo an alignment fix':          'YYY Y.Y ... Y.Y ...',
  'undo or redo a Chinese split':           'YYY Y.Y ... Y.Y ...',
  'undo or redo an approval':               'YYY ... Y.Y Y.Y ...',
  'undo or redo a second-pass approval':    'YYY ... Y.Y Y.Y ...',
  'undo or redo a second-pass rejection':   'YYY ... Y.Y Y.Y ...',
  'undo or redo a pre-translation':         'YYY Y.Y ... Y.Y ...',
  'undo or redo a find and replace':        'YYY Y.Y Y.Y Y.Y ...',
  'undo or redo a step of unknown kind':    'YYY ... ... ... ...',
  'undo or redo a step named like an Object key': 'YYY ... ... ... ...',
  'manage users':                           'YYY ... ... ... ...',
  'manage assignments':                     'YYY ... ... ... ...',
  'turn a second review pass on or off':    'YYY ... ... ... ...',
  'edit the glossary':                      'YYY ... YYY YYY ...',
  'import TMX':                             'YYY YYY ... YYY ...',
  'import or change segmentation rules':    'YYY YYY ... YYY ...',
  'export':                                 'YYY YYY YYY YYY YYY',
  'read the audit log':                     'YYY ... ... ... ...',
};

const table = CASES.flatMap(([name, action, subject]) => {
  const expected = EXPECTED[name]!.replace(/ /g, '');
  return USERS.flatMap(([who, roles], u) => ASSIGNMENTS.map((assignment, a) => ({
    name, action, subject, who, roles, assignment, allowed: expected[u * 3 + a] === 'Y',
  })));
});

type Can = (user: User, action: Action, subject?: unknown) => boolean;

describe('the permission policy', () => {
  it.each(table.map((c) => [`${c.who} may ${c.allowed ? '' : 'not '}${c.name} (language assigned to ${c.assignment})`, c]))('%s', (_title, c) => {
    const policy = createAccessPolicy(facts(c.assignment));
    const can = policy.can as Can;
    expect(can(user(c.roles), c.action, c.subject)).toBe(c.allowed);
    const authorize = () => (policy.authorize as (user: User, action: Action, subject?: unknown) => void)(user(c.roles), c.action, c.subject);
    if (c.allowed) expect(authorize).not.toThrow();
    else expect(authorize).toThrow(PermissionError);
  });

  it('covers every action in the table', () => {
    expect(new Set(CASES.map(([, action]) => action))).toEqual(new Set(ACTIONS));
    expect(Object.keys(EXPECTED).sort()).toEqual(CASES.map(([name]) => name).sort());
  });

  it('says why, in words the user can act on', () => {
    const refusal = (roles: Role[], assignment: Assignment, action: Action, subject?: unknown) => {
      try {
        (createAccessPolicy(facts(assignment)).authorize as (u: User, a: Action, s?: unknown) => void)(user(roles), action, subject);
      } catch (error) {
        return (error as Error).message;
      }
      return 'allowed';
    };
    expect(refusal(['translator'], 'nobody', 'approve', en)).toBe('Only reviewers can approve slots.');
    expect(refusal(['translator'], 'others', 'pretranslate', en))
      .toBe('Only the translators assigned to the en translation of this document can pre-translate. Ask an admin to assign you.');
    expect(refusal(['translator'], 'others', 'undo', { documentId: DOC, kind: 'edit', langs: ['en'] }))
      .toBe('Only the translators assigned to the en translation of this document can edit this translation. Ask an admin to assign you.');
    expect(refusal(['reviewer'], 'nobody', 'import-tmx')).toBe('Only translators and admins can import into the translation memory.');
    expect(refusal([], 'nobody', 'comment', en)).toBe('Only translators, reviewers and admins can comment.');
    expect(refusal(['translator'], 'nobody', 'read-audit')).toBe('Only admins can read the audit log.');
    expect(refusal(['reviewer'], 'nobody', 'second-review', { ...en, firstReviewerId: ME }))
      .toBe("You approved this slot in the first review: the second review is another person's (four eyes). Ask the second reviewer, or an admin.");
    expect(refusal(['reviewer'], 'others', 'second-review', { ...en, firstReviewerId: 99 }))
      .toBe('Only the second reviewers assigned to the en translation of this document can do its second review. Ask an admin to assign you.');
    expect(refusal(['translator'], 'nobody', 'undo', { documentId: DOC, kind: 'second-approve', langs: ['en'] })).toBe('Only reviewers and admins can do the second review.');
  });

  it('lists what a user may do on a language and in the workspace', () => {
    const policy = createAccessPolicy(facts('nobody'));
    expect(policy.allowedOn(user(['reviewer']), en)).toEqual(['edit-slot', 'import-return', 'approve', 'reject', 'comment']);
    expect(createAccessPolicy(facts('others')).allowedOn(user(['translator']), en)).toEqual(['comment']);
    expect(policy.allowedInWorkspace(user(['reviewer']))).toEqual(['edit-glossary', 'export']);
    expect(policy.allowedInWorkspace(user(['admin']))).toEqual(['import-document', 'manage-users', 'manage-assignments', 'manage-review-passes', 'edit-glossary', 'import-tmx', 'edit-segmentation', 'export', 'read-audit']);
  });

  it('keeps the two passes apart: a first reviewer is not a second reviewer once others are assigned to the second pass', () => {
    const byRole = (assigned: Partial<Record<string, 'mine' | 'others'>>): AssignmentFacts => ({
      mayWorkOn: (_d, _l, role, userId) => assigned[role] === undefined || (assigned[role] === 'mine' && userId === ME),
    });
    const second = { ...en, firstReviewerId: 99 };
    const r1Only = createAccessPolicy(byRole({ reviewer: 'mine', reviewer2: 'others' }));
    expect([r1Only.can(user(['reviewer']), 'approve', en), r1Only.can(user(['reviewer']), 'second-review', second)]).toEqual([true, false]);
    const r2Only = createAccessPolicy(byRole({ reviewer: 'others', reviewer2: 'mine' }));
    expect([r2Only.can(user(['reviewer']), 'approve', en), r2Only.can(user(['reviewer']), 'second-review', second)]).toEqual([false, true]);
    // Being assigned as second reviewer needs the reviewer role still.
    expect(r2Only.can(user(['translator']), 'second-review', second)).toBe(false);
  });

  it.each([
    [['reviewer'], 'nobody', true],
    [['reviewer'], 'others', false],
    [['translator', 'reviewer'], 'nobody', false],
    [['translator'], 'nobody', false],
    [['admin'], 'nobody', false],
  ] as [Role[], Assignment, boolean][])('records an edit by %j (language assigned to %s) as a reviewer\'s edit: %s', (roles, assignment, expected) => {
    expect(createAccessPolicy(facts(assignment)).editsAsReviewer(user(roles), en)).toBe(expected);
  });
});

describe('authorizeSlotEdit: the checks of a slot save in one call', () => {
  /** The save's checks as the policy's separate calls make them (what editSlot did before). */
  function oneByOne(facts: AssignmentFacts, me: User, options: { confirm: boolean; asReview: boolean }): { reviewing: boolean } | string {
    const policy = createAccessPolicy(facts);
    try {
      const reviewing = policy.editsAsReviewer(me, en) || (options.asReview && policy.can(me, 'approve', en));
      if (reviewing && options.confirm) throw new PermissionError('Reviewers approve slots rather than confirm them.');
      policy.authorize(me, options.confirm ? 'confirm-slot' : 'edit-slot', en);
      return { reviewing };
    } catch (error) {
      return (error as Error).message;
    }
  }
  function inOne(facts: AssignmentFacts, me: User, options: { confirm: boolean; asReview: boolean }): { reviewing: boolean } | string {
    try {
      return createAccessPolicy(facts).authorizeSlotEdit(me, en, options);
    } catch (error) {
      expect(error).toBeInstanceOf(PermissionError);
      return (error as Error).message;
    }
  }
  const byRole = (assigned: Partial<Record<'translator' | 'reviewer' | 'reviewer2', Assignment>>): AssignmentFacts => ({
    mayWorkOn: (_d, _l, role, userId) => {
      const a = assigned[role] ?? 'nobody';
      return a === 'nobody' || (a === 'mine' && userId === ME);
    },
  });

  it('answers and refuses as editsAsReviewer, can and authorize do one by one, for every role, assignment and option', () => {
    let cases = 0;
    for (const [, roles] of USERS) {
      for (const translator of ASSIGNMENTS) {
        for (const reviewer of ASSIGNMENTS) {
          for (const confirm of [false, true]) {
            for (const asReview of [false, true]) {
              const facts = byRole({ translator, reviewer });
              expect(inOne(facts, user(roles), { confirm, asReview })).toEqual(oneByOne(facts, user(roles), { confirm, asReview }));
              cases += 1;
            }
          }
        }
      }
    }
    expect(cases).toBe(USERS.length * 9 * 4);
  });

  it('asks each assignment question once (a translator\'s save asked the same one twice)', () => {
    const asked: string[] = [];
    const counting: AssignmentFacts = {
      mayWorkOn: (documentId, lang, role, userId) => {
        asked.push(`${documentId}/${lang}/${role}/${userId}`);
        return true;
      },
    };
    expect(createAccessPolicy(counting).authorizeSlotEdit(user(['translator']), en, { confirm: false, asReview: false })).toEqual({ reviewing: false });
    expect(asked).toEqual([`${DOC}/en/translator/${ME}`]);
    asked.length = 0;
    createAccessPolicy(counting).authorizeSlotEdit(user(['translator', 'reviewer']), en, { confirm: false, asReview: true });
    expect(asked).toEqual([`${DOC}/en/translator/${ME}`, `${DOC}/en/reviewer/${ME}`]);
    // Answers are not kept from one save to the next: an assignment made in between counts.
    asked.length = 0;
    const policy = createAccessPolicy(counting);
    policy.authorizeSlotEdit(user(['translator']), en, { confirm: true, asReview: false });
    policy.authorizeSlotEdit(user(['translator']), en, { confirm: true, asReview: false });
    expect(asked).toHaveLength(2);
  });
});
