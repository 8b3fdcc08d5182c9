/**
 * The policy (DESIGN.md "policy"): the one place that says whether a user may do an
 * action on a subject. Services ask it before they change anything, view models ask it
 * what to offer, and the client offers what the server's answers say it may do.
 *
 * Admins may do everything. Work on one language of one document follows the
 * assignments: a translator (or reviewer) may work on a language when nobody holds that
 * role for it, or when they are assigned; once a language has assignees, everyone else
 * of that role reads it only. Small teams need no assignments at all.
 *
 * A language with a second review pass (issue #13) has a second reviewer's role too: any
 * reviewer while nobody is assigned as second reviewer, else only those assigned. The second
 * reviewer decides on a slot the first reviewer approved, but never on one they approved
 * in the first pass themselves (four eyes); admins may.
 */
import type { AssignmentRole, Role } from '../domain.js';
import type { User } from '../store/users.js';
import { PermissionError } from './errors.js';

/** One language of one document. */
export interface LanguageSubject { documentId: number; lang: string }
/** The Chinese segments of a document: changing them changes every language's slots. */
export interface SourceSubject { documentId: number; langs: readonly string[] }
/** A comment on a slot, with who wrote it. */
export interface CommentSubject { documentId: number; lang: string; authorId: number | null }
/**
 * A second-pass decision on a slot: who approved it in the first pass (null: nobody we
 * know of, as for undoing a step or a slot approved before the second pass was on).
 */
export interface SecondReviewSubject { documentId: number; lang: string; firstReviewerId: number | null }
/** An undo or redo step: what kind of change it replays, on which languages. */
export interface StepSubject { documentId: number; kind: string; langs: readonly string[] }

/** Every action the policy knows, with what it acts on (`void`: the whole workspace). */
export interface ActionSubjects {
  'import-document': void;
  'edit-slot': LanguageSubject;
  'confirm-slot': LanguageSubject;
  'fix-alignment': LanguageSubject;
  'edit-source': SourceSubject;
  'import-translation': LanguageSubject;
  'import-return': LanguageSubject;
  pretranslate: LanguageSubject;
  approve: LanguageSubject;
  reject: LanguageSubject;
  'second-review': SecondReviewSubject;
  restore: LanguageSubject;
  comment: LanguageSubject;
  'resolve-comment': CommentSubject;
  undo: StepSubject;
  'manage-users': void;
  'manage-assignments': void;
  'manage-review-passes': void;
  'edit-glossary': void;
  'import-tmx': void;
  'edit-segmentation': void;
  export: void;
  'read-audit': void;
}

export type Action = keyof ActionSubjects;
/** Actions on the whole workspace (no subject). */
export type WorkspaceAction = { [A in Action]: ActionSubjects[A] extends void ? A : never }[Action];
/** Actions on one language of one document. */
export type LanguageAction = { [A in Action]: ActionSubjects[A] extends LanguageSubject ? (LanguageSubject extends ActionSubjects[A] ? A : never) : never }[Action];

type SubjectArgs<A extends Action> = ActionSubjects[A] extends void ? [] : [subject: ActionSubjects[A]];
type WorkRole = AssignmentRole;
/** The user roles a `work` rule names (a second reviewer holds the reviewer role). */
type WorkUserRole = 'translator' | 'reviewer';

/**
 * How each action is decided. `roles`: holding one of them is enough. `work`: holding one
 * of the roles *and* being allowed to work on the language (assignments). The other kinds
 * have a rule of their own, spelled out in `can`.
 */
type Rule =
  | { kind: 'signed-in' }
  | { kind: 'roles'; roles: readonly Role[] }
  | { kind: 'work'; roles: readonly WorkUserRole[] }
  | { kind: 'source' }
  | { kind: 'comment-author' }
  | { kind: 'second-review' }
  | { kind: 'step' };

const RULES: { [A in Action]: Rule & { what: string } } = {
  'import-document': { kind: 'roles', roles: ['translator'], what: 'import documents' },
  'edit-slot': { kind: 'work', roles: ['translator', 'reviewer'], what: 'edit this translation' },
  'confirm-slot': { kind: 'work', roles: ['translator'], what: 'confirm translations' },
  'fix-alignment': { kind: 'work', roles: ['translator'], what: 'change the alignment' },
  'edit-source': { kind: 'source', what: 'split or merge Chinese segments' },
  'import-translation': { kind: 'work', roles: ['translator'], what: 'import translations' },
  // A returned XLIFF or review table: its edits are a translator's or a reviewer's, as the importer works.
  'import-return': { kind: 'work', roles: ['translator', 'reviewer'], what: 'import a returned file into this translation' },
  pretranslate: { kind: 'work', roles: ['translator'], what: 'pre-translate' },
  approve: { kind: 'work', roles: ['reviewer'], what: 'approve slots' },
  reject: { kind: 'work', roles: ['reviewer'], what: 'reject slots' },
  // Approving or rejecting a slot the first reviewer approved (a language with two passes).
  'second-review': { kind: 'second-review', what: 'do the second review' },
  restore: { kind: 'work', roles: ['translator'], what: 'restore revisions' },
  // Anyone with a role may comment on what they can see: a reader may still ask a question.
  comment: { kind: 'roles', roles: ['translator', 'reviewer'], what: 'comment' },
  // The author, the language's reviewers and admins; not any other translator.
  'resolve-comment': { kind: 'comment-author', what: 'resolve this comment' },
  // Undoing or redoing a step is doing its change again: it needs the step's own permission, now.
  undo: { kind: 'step', what: 'undo or redo this step' },
  'manage-users': { kind: 'roles', roles: [], what: 'manage users' },
  'manage-assignments': { kind: 'roles', roles: [], what: 'manage assignments' },
  'manage-review-passes': { kind: 'roles', roles: [], what: 'turn a second review pass on or off' },
  // Reviewers own the terminology they enforce; admins too. Everyone signed in reads it.
  'edit-glossary': { kind: 'roles', roles: ['reviewer'], what: 'change the glossary' },
  'import-tmx': { kind: 'roles', roles: ['translator'], what: 'import into the translation memory' },
  'edit-segmentation': { kind: 'roles', roles: ['translator'], what: 'import or change segmentation rules' },
  export: { kind: 'signed-in', what: 'export' },
  'read-audit': { kind: 'roles', roles: [], what: 'read the audit log' },
};

export const ACTIONS = Object.keys(RULES) as Action[];

/** The action an undo step of each operation kind replays; unknown kinds are refused. */
const STEP_ACTIONS = new Map<string, Action>([
  ['edit', 'edit-slot'],
  ['merge', 'fix-alignment'], ['split', 'fix-alignment'], ['shift-down', 'fix-alignment'], ['shift-up', 'fix-alignment'],
  ['move-first-up', 'fix-alignment'], ['move-last-down', 'fix-alignment'], ['insert-empty', 'fix-alignment'], ['delete-empty', 'fix-alignment'],
  ['realign-column', 'fix-alignment'], ['adopt-grouping', 'fix-alignment'],
  ['split-segment', 'edit-source'], ['merge-segments', 'edit-source'],
  ['approve', 'approve'], ['reject', 'reject'], ['restore', 'restore'], ['pretranslate', 'pretranslate'],
  // A second reviewer's decision: undoing or redoing it is the second reviewer's again.
  ['second-approve', 'second-review'], ['second-reject', 'second-review'],
  // Find and replace changes texts, as editing does.
  ['replace', 'edit-slot'],
]);

/** What the policy needs to know about assignments (store/review.ts answers it). */
export interface AssignmentFacts {
  /** Nobody holds `role` for the language, or `userId` is assigned to it in that role (one question, one query). */
  mayWorkOn(documentId: number, lang: string, role: WorkRole, userId: number): boolean;
}

const plural = (role: Role) => `${role}s`;
/** ['translators', 'reviewers', 'admins'] → 'translators, reviewers and admins' */
const listOf = (words: readonly string[]) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);
const LANGUAGE_ACTIONS = ACTIONS.filter((a): a is LanguageAction => RULES[a].kind === 'work' || a === 'comment');
const WORKSPACE_ACTIONS = ACTIONS.filter((a): a is WorkspaceAction => (RULES[a].kind === 'roles' || RULES[a].kind === 'signed-in') && a !== 'comment');

/** A rule that looks at roles only (workspace actions and commenting). */
function byRoles(user: User, rule: Rule): boolean {
  if (user.roles.includes('admin') || rule.kind === 'signed-in') return true;
  return rule.kind === 'roles' && rule.roles.some((role) => user.roles.includes(role));
}

function roleRefusal(rule: Rule & { what: string }): string {
  return rule.kind === 'roles' ? `Only ${listOf([...rule.roles.map(plural), 'admins'])} can ${rule.what}.` : 'Sign in first.';
}

/**
 * Workspace actions need no assignments, so code without the policy object (a route guard,
 * a service that builds none) asks here: the same rules as `can`.
 */
export function canInWorkspace(user: User, action: WorkspaceAction): boolean {
  return byRoles(user, RULES[action]);
}

export function authorizeInWorkspace(user: User, action: WorkspaceAction): void {
  if (!canInWorkspace(user, action)) throw new PermissionError(roleRefusal(RULES[action]));
}

export function createAccessPolicy(facts: AssignmentFacts) {
  /**
   * The assignment answers of the check under way while authorizeSlotEdit runs (null otherwise),
   * so each question of that one check is asked once. A few entries at most, so a list.
   */
  let asked: { documentId: number; lang: string; role: WorkRole; userId: number; answer: boolean }[] | null = null;

  /** Holds `role` and may work on the language: nobody holds that role for it, or the user is assigned. */
  function works(user: User, role: WorkRole, subject: LanguageSubject): boolean {
    // A second reviewer is a reviewer assigned to the second pass: the user role is reviewer.
    if (!user.roles.includes(role === 'reviewer2' ? 'reviewer' : role)) return false;
    if (asked === null) return facts.mayWorkOn(subject.documentId, subject.lang, role, user.id);
    const { documentId, lang } = subject;
    const known = asked.find((a) => a.role === role && a.documentId === documentId && a.lang === lang && a.userId === user.id);
    if (known) return known.answer;
    const answer = facts.mayWorkOn(documentId, lang, role, user.id);
    asked.push({ documentId, lang, role, userId: user.id, answer });
    return answer;
  }

  function can<A extends Action>(user: User, action: A, ...args: SubjectArgs<A>): boolean {
    if (user.roles.includes('admin')) return true;
    const rule = RULES[action];
    const subject = args[0] as ActionSubjects[Action];
    switch (rule.kind) {
      case 'signed-in':
      case 'roles':
        return byRoles(user, rule);
      case 'work':
        return rule.roles.some((role) => works(user, role, subject as LanguageSubject));
      case 'source': {
        const { documentId, langs } = subject as SourceSubject;
        return user.roles.includes('translator') && langs.every((lang) => works(user, 'translator', { documentId, lang }));
      }
      case 'comment-author': {
        const comment = subject as CommentSubject;
        return (comment.authorId !== null && comment.authorId === user.id) || works(user, 'reviewer', comment);
      }
      case 'second-review': {
        const decision = subject as SecondReviewSubject;
        return works(user, 'reviewer2', decision) && decision.firstReviewerId !== user.id;
      }
      case 'step': {
        const step = subject as StepSubject;
        const replays = STEP_ACTIONS.get(step.kind);
        if (!replays) return false;
        if (replays === 'edit-source') return can(user, 'edit-source', { documentId: step.documentId, langs: step.langs });
        if (replays === 'second-review') return step.langs.every((lang) => can(user, 'second-review', { documentId: step.documentId, lang, firstReviewerId: null }));
        return step.langs.every((lang) => can(user, replays as LanguageAction, { documentId: step.documentId, lang }));
      }
    }
  }

  /** Why `can` said no, in words the user can act on. */
  function refusal<A extends Action>(user: User, action: A, ...args: SubjectArgs<A>): string {
    const rule = RULES[action];
    const subject = args[0] as ActionSubjects[Action];
    switch (rule.kind) {
      case 'roles':
      case 'signed-in':
        return roleRefusal(rule);
      case 'work':
      case 'source': {
        const roles: readonly WorkUserRole[] = rule.kind === 'work' ? rule.roles : ['translator'];
        const held = roles.filter((role) => user.roles.includes(role));
        if (held.length === 0) return `Only ${listOf(roles.map(plural))} can ${rule.what}.`;
        const lang = rule.kind === 'work'
          ? (subject as LanguageSubject).lang
          : (subject as SourceSubject).langs.find((l) => !works(user, 'translator', { documentId: (subject as SourceSubject).documentId, lang: l })) ?? '';
        return `Only the ${held.map(plural).join(' or ')} assigned to the ${lang} translation of this document can ${rule.what}. Ask an admin to assign you.`;
      }
      case 'comment-author':
        return 'Only the author of a comment, the reviewers of its language and admins can resolve it.';
      case 'second-review': {
        const decision = subject as SecondReviewSubject;
        if (!user.roles.includes('reviewer')) return 'Only reviewers and admins can do the second review.';
        if (!works(user, 'reviewer2', decision)) return `Only the second reviewers assigned to the ${decision.lang} translation of this document can do its second review. Ask an admin to assign you.`;
        return 'You approved this slot in the first review: the second review is another person\'s (four eyes). Ask the second reviewer, or an admin.';
      }
      case 'step': {
        // The reason is the replayed change's own: undo and redo make it again, as this user.
        const step = subject as StepSubject;
        const replays = STEP_ACTIONS.get(step.kind);
        if (replays === 'edit-source') return refusal(user, 'edit-source', { documentId: step.documentId, langs: step.langs });
        if (replays === 'second-review') {
          const lang = step.langs.find((l) => !can(user, 'second-review', { documentId: step.documentId, lang: l, firstReviewerId: null })) ?? step.langs[0] ?? '';
          return refusal(user, 'second-review', { documentId: step.documentId, lang, firstReviewerId: null });
        }
        const lang = step.langs.find((l) => replays && !can(user, replays as LanguageAction, { documentId: step.documentId, lang: l }));
        return replays && lang !== undefined ? refusal(user, replays as LanguageAction, { documentId: step.documentId, lang }) : 'This step cannot be undone or redone.';
      }
    }
  }

  const policy = {
    can,

    /** Throws PermissionError (403) with the reason when `can` says no. */
    authorize<A extends Action>(user: User, action: A, ...args: SubjectArgs<A>): void {
      if (!can(user, action, ...args)) throw new PermissionError(refusal(user, action, ...args));
    },

    /** The language actions this user may do on one language: what the editor offers. */
    allowedOn(user: User, subject: LanguageSubject): LanguageAction[] {
      return LANGUAGE_ACTIONS.filter((action) => can(user, action, subject));
    },

    /** The workspace actions this user may do: what the menus offer. */
    allowedInWorkspace(user: User): WorkspaceAction[] {
      return WORKSPACE_ACTIONS.filter((action) => canInWorkspace(user, action));
    },

    /**
     * An edit by someone who works on the language as reviewer only (not as translator) is
     * recorded as a reviewer's edit and leaves the slot ready to approve.
     */
    editsAsReviewer(user: User, subject: LanguageSubject): boolean {
      return !user.roles.includes('admin') && !works(user, 'translator', subject) && works(user, 'reviewer', subject);
    },

    /**
     * The checks of a slot save, in one call: whether the edit counts as a reviewer's
     * (editsAsReviewer, or `asReview` from someone who may approve), refusing a reviewer's
     * confirm, then authorize('confirm-slot' or 'edit-slot'). The same rules and refusals as
     * those calls one by one, but each assignment question is asked once: a translator's save
     * asked mayWorkOn(translator) twice, one statement of the save's twelve (issue #15).
     */
    authorizeSlotEdit(user: User, subject: LanguageSubject, options: { confirm: boolean; asReview: boolean }): { reviewing: boolean } {
      asked = [];
      try {
        const reviewing = policy.editsAsReviewer(user, subject) || (options.asReview && can(user, 'approve', subject));
        if (reviewing && options.confirm) throw new PermissionError('Reviewers approve slots rather than confirm them.');
        policy.authorize(user, options.confirm ? 'confirm-slot' : 'edit-slot', subject);
        return { reviewing };
      } finally {
        asked = null;
      }
    },
  };
  return policy;
}

export type AccessPolicy = ReturnType<typeof createAccessPolicy>;
