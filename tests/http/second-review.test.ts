/**
 * Issue #13 "Second review pass": per document and language an admin turns on reviewer 1
 * then reviewer 2 (memoQ/Matecat R1/R2). The first reviewer's approval leaves the slot
 * reviewed (not final: not exported as approved, not in the TM); another person approves it
 * finally or rejects it with an error category. Without a second pass nothing changes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../src/services/events.js';
import type { ReviewPage } from '../../src/services/review.js';
import type { HeadSlot } from '../../src/store/slots.js';
import { startTestApp, type Login, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let tina: Login;
let rita: Login;
let ravi: Login;
let admin: Login;
let documentId: number;
let segmentIds: number[];

const TEXTS = ['The sides reached a consensus on cooperation.', 'They exchanged views.'];

beforeEach(async () => {
  app = await startTestApp();
  tina = await app.login(['translator'], 'tina');
  rita = await app.login(['reviewer'], 'rita');
  ravi = await app.login(['reviewer'], 'ravi');
  admin = await app.login(['admin'], 'ada');
  ({ documentId } = await app.services.documents.importDocument({ title: '声明', text: '双方就合作达成共识。双方交换意见。', langs: ['en', 'ru'], user: null }));
  segmentIds = app.store.segments.listSegments(documentId).map((s) => s.id);
  for (const [i, text] of TEXTS.entries()) {
    expect((await send(`/api/documents/${documentId}/slots/${segmentIds[i]}/en`, { text, version: head(i).version, confirm: true }, tina, 'PUT')).status).toBe(200);
  }
});
afterEach(() => app.close());

function send(path: string, body: unknown, as: Login, method = 'POST') {
  return app.request(path, { method, as, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function head(i = 0, lang = 'en'): HeadSlot {
  const slot = app.store.slots.findSlot(segmentIds[i]!, lang);
  if (slot?.kind !== 'head') throw new Error('expected a head');
  return slot;
}

const secondReview = (enabled: boolean, as: Login = admin, lang = 'en') => send(`/api/documents/${documentId}/second-review`, { lang, enabled }, as);
const approve = (as: Login, i = 0, extra: object = {}) => send(`/api/documents/${documentId}/slots/${segmentIds[i]}/en/approve`, { version: head(i).version, ...extra }, as);
const reject = (as: Login, i = 0, category = 'terminology') =>
  send(`/api/documents/${documentId}/slots/${segmentIds[i]}/en/reject`, { version: head(i).version, comment: 'Use the glossary term.', category }, as);
const undo = (as: Login) => send(`/api/documents/${documentId}/undo`, {}, as);
const redo = (as: Login) => send(`/api/documents/${documentId}/redo`, {}, as);
const tmUnits = () => app.services.tm.lookupText('双方就合作达成共识。', 'en').length;

async function reviewPage(as: Login, filter: string): Promise<ReviewPage> {
  const res = await app.request(`/api/documents/${documentId}/review/en?filter=${filter}`, { as });
  expect(res.status).toBe(200);
  return (await res.json()) as ReviewPage;
}

async function exported(format: string, statuses = 'approved'): Promise<string> {
  const res = await app.request(`/export?documents=${documentId}&langs=en&format=${format}&statuses=${statuses}`, { as: admin });
  expect(res.status).toBe(200);
  return res.text();
}

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, ...body.error };
}

describe('turning the second review pass on and off', () => {
  it('is for admins: a reviewer is refused and nothing changes', async () => {
    expect(await errorOf(await secondReview(true, rita))).toMatchObject({ status: 403, code: 'forbidden' });
    expect(app.store.review.hasSecondReview(documentId, 'en')).toBe(false);
  });

  it('refuses a language the document lacks, and a body without a language, changing nothing', async () => {
    expect((await secondReview(true, admin, 'fr')).status).toBe(404);
    expect((await send(`/api/documents/${documentId}/second-review`, { enabled: true }, admin)).status).toBe(400);
    expect(app.store.review.listSecondReviews(documentId)).toEqual([]);
  });

  it('is per language, recorded in the audit log, and shown on the document page with a form for admins', async () => {
    const res = await secondReview(true);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { reviewPasses: { lang: string; secondReview: boolean }[] }).reviewPasses.map((p) => [p.lang, p.secondReview])).toEqual([['en', true], ['ru', false]]);
    const audit = app.store.users.listAudit({ limit: 10 }).map((e) => [e.action, e.details]);
    expect(audit).toContainEqual(['second_review_on', JSON.stringify({ lang: 'en' })]);
    const page = await (await app.request(`/documents/${documentId}`, { as: admin })).text();
    expect(page).toContain('two passes, reviewer 1 then reviewer 2');
    expect(page).toContain('Turn off the second review of English');
    expect(page).toContain('Turn on a second review of Русский');
    const asReviewer = await (await app.request(`/documents/${documentId}`, { as: rita })).text();
    expect(asReviewer).toContain('two passes, reviewer 1 then reviewer 2');
    expect(asReviewer).not.toContain('Turn off the second review');
  });

  it('turns on from the document page form too', async () => {
    const res = await app.request(`/documents/${documentId}/second-review`, {
      method: 'POST', as: admin, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ lang: 'en', enabled: '1' }),
    });
    expect(res.status).toBe(303);
    expect(app.store.review.hasSecondReview(documentId, 'en')).toBe(true);
  });
});

describe('with one review pass everything works as before', () => {
  it('approves a translated slot to approved, into the TM and the export, and undoes it to translated', async () => {
    expect((await approve(rita)).status).toBe(200);
    expect(head().status).toBe('approved');
    expect(tmUnits()).toBe(1);
    expect(await exported('tmx')).toContain(TEXTS[0]);
    const audit = app.store.users.listAudit({ limit: 1 })[0]!;
    expect(JSON.parse(audit.details)).not.toHaveProperty('pass');
    expect((await undo(rita)).status).toBe(200);
    expect(head().status).toBe('translated');
    expect(tmUnits()).toBe(0);
  });

  it('lets the same reviewer reject an approved slot, and lists no second pass', async () => {
    expect((await approve(rita)).status).toBe(200);
    expect((await reject(rita)).status).toBe(200);
    expect(head().status).toBe('rejected');
    const page = await reviewPage(rita, 'all');
    expect(page.secondReview).toBe(false);
    expect(page.passes.map((p) => [p.pass, p.approved, p.rejected])).toEqual([[1, 1, 1]]);
  });
});

describe('with a second review pass', () => {
  beforeEach(async () => {
    expect((await secondReview(true)).status).toBe(200);
  });

  it('makes the first approval "reviewed": not in the TM, not exported as approved, XLIFF says reviewed but not final', async () => {
    expect((await approve(rita)).status).toBe(200);
    expect(head().status).toBe('reviewed');
    expect(tmUnits()).toBe(0);
    expect(await exported('tmx')).not.toContain(TEXTS[0]);
    const xliff20 = await exported('xliff20', 'reviewed');
    expect(xliff20).toMatch(/<segment[^>]*state="reviewed"[^>]*subState="duizhao:reviewed"|<segment[^>]*subState="duizhao:reviewed"[^>]*state="reviewed"/);
    expect(xliff20).not.toContain('state="final"');
    const xliff12 = await exported('xliff12', 'reviewed');
    expect(xliff12).toContain('dz:status="reviewed"');
    expect(xliff12).toContain('state="translated"');
    expect(xliff12).not.toContain('approved="yes"');
    expect(xliff12).not.toContain('signed-off');
  });

  it('keeps four eyes: the first reviewer cannot give the final approval, another reviewer can', async () => {
    expect((await approve(rita)).status).toBe(200);
    const before = head();
    const refused = await errorOf(await approve(rita));
    expect(refused).toMatchObject({ status: 403, code: 'forbidden' });
    expect(refused.message).toContain('four eyes');
    expect(head()).toEqual(before);
    expect((await approve(ravi)).status).toBe(200);
    expect(head().status).toBe('approved');
    expect(tmUnits()).toBe(1);
    expect(await exported('tmx')).toContain(TEXTS[0]);
    const passes = app.store.review.decisionCounts(documentId).map((d) => [d.pass, d.decision, d.count]);
    expect(passes.sort()).toEqual([[1, 'approved', 1], [2, 'approved', 1]]);
  });

  it('takes a returned XLIFF marked final as the first approval only, and says it waits for R2', async () => {
    const xliff = (await exported('xliff20', 'all')).replace('state="translated"', 'state="final"');
    const data = new FormData();
    data.set('_csrf', rita.csrfToken);
    data.set('file', new Blob([xliff], { type: 'application/xliff+xml' }), 'back.xlf');
    const res = await app.request(`/api/documents/${documentId}/returns`, { method: 'POST', as: rita, body: data });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { updated: { status: string; note?: string }[] };
    expect(report.updated).toHaveLength(1);
    expect(report.updated[0]).toMatchObject({ status: 'reviewed' });
    expect(report.updated[0]!.note).toContain('waits for the second review');
    expect(head().status).toBe('reviewed');
    expect(head(1).status).toBe('translated');
    expect(tmUnits()).toBe(0);
  });

  it('lets an admin give the final approval of a slot they approved in the first pass', async () => {
    expect((await approve(admin)).status).toBe(200);
    expect((await approve(admin)).status).toBe(200);
    expect(head().status).toBe('approved');
  });

  it('refuses a translator either pass, changing nothing', async () => {
    expect((await approve(tina)).status).toBe(403);
    expect((await approve(rita)).status).toBe(200);
    expect((await approve(tina)).status).toBe(403);
    expect(head().status).toBe('reviewed');
  });

  it('rejects a reviewed slot in the second pass with an error category, back to the translator, counted per pass', async () => {
    expect((await approve(rita)).status).toBe(200);
    expect((await reject(rita)).status).toBe(403);
    expect((await reject(ravi, 0, 'style')).status).toBe(200);
    expect(head().status).toBe('rejected');
    expect(app.store.review.rejectionCategories(documentId)).toEqual([{ lang: 'en', pass: 2, category: 'style', count: 1 }]);
    const audit = app.store.users.listAudit({ limit: 1 })[0]!;
    expect(audit.action).toBe('reject');
    expect(JSON.parse(audit.details)).toMatchObject({ pass: 2, category: 'style' });
    const page = await (await app.request(`/documents/${documentId}`, { as: admin })).text();
    expect(page).toContain('English R2');
    // The translator fixes it; it goes through both passes again.
    expect((await send(`/api/documents/${documentId}/slots/${segmentIds[0]}/en`, { text: `${TEXTS[0]} `, version: head().version, confirm: true }, tina, 'PUT')).status).toBe(200);
    expect(head().status).toBe('translated');
  });

  it('refuses to reject a translated slot without a comment, and an approved one in the first pass only', async () => {
    const noComment = await send(`/api/documents/${documentId}/slots/${segmentIds[0]}/en/reject`, { version: head().version, comment: ' ' }, rita);
    expect(noComment.status).toBe(400);
    expect(head().status).toBe('translated');
  });

  it('lists slots waiting for R2 with their first approver, and what this reviewer may decide', async () => {
    expect((await approve(rita, 0)).status).toBe(200);
    const asRita = await reviewPage(rita, 'waiting-r2');
    expect(asRita.secondReview).toBe(true);
    expect(asRita.items.map((i) => [i.segmentId, i.firstApproval?.reviewerName, i.mayApprove, i.mayReject])).toEqual([[segmentIds[0], 'rita', false, false]]);
    const asRavi = await reviewPage(ravi, 'waiting-r2');
    expect(asRavi.items.map((i) => [i.mayApprove, i.mayReject])).toEqual([[true, true]]);
    const needsReview = await reviewPage(ravi, 'needs-review');
    expect(needsReview.items.map((i) => i.segmentId)).toEqual([segmentIds[1]]);
    expect(asRavi.counts.reviewed).toBe(1);
    expect(asRavi.passes.map((p) => [p.pass, p.approved, p.rejected])).toEqual([[1, 1, 0], [2, 0, 0]]);
  });

  it('undoes and redoes both passes like approvals today, the TM unit only at the final one', async () => {
    expect((await approve(rita)).status).toBe(200);
    expect((await approve(ravi)).status).toBe(200);
    expect(tmUnits()).toBe(1);
    expect((await undo(ravi)).status).toBe(200);
    expect(head().status).toBe('reviewed');
    expect(tmUnits()).toBe(0);
    expect((await redo(ravi)).status).toBe(200);
    expect(head().status).toBe('approved');
    expect(tmUnits()).toBe(1);
    expect((await undo(ravi)).status).toBe(200);
    expect((await undo(rita)).status).toBe(200);
    expect(head().status).toBe('translated');
    expect(tmUnits()).toBe(0);
  });

  it('approves all shown in the pass each slot is in, skipping the ones this reviewer approved in R1', async () => {
    expect((await approve(rita, 0)).status).toBe(200);
    const res = await send(`/api/documents/${documentId}/review/en/approve-all`, {
      slots: [0, 1].map((i) => ({ segmentId: segmentIds[i], version: head(i).version })),
    }, rita);
    expect(res.status).toBe(200);
    const result = (await res.json()) as { approved: number; skipped: { segmentId: number; reason: string }[] };
    expect(result.approved).toBe(1);
    expect(result.skipped.map((s) => s.segmentId)).toEqual([segmentIds[0]]);
    expect([head(0).status, head(1).status]).toEqual(['reviewed', 'reviewed']);
  });

  it('announces each decision live with its pass', async () => {
    const events: LiveEvent[] = [];
    const stop = app.services.events.subscribe(documentId, undefined, (delivery) => { events.push(delivery.event); });
    expect((await approve(rita)).status).toBe(200);
    expect((await approve(ravi)).status).toBe(200);
    stop();
    const reviews = events.flatMap((e) => (e.type === 'slot' && e.review ? [e.review] : []));
    expect(reviews).toEqual([{ decision: 'approved', pass: 1 }, { decision: 'approved', pass: 2 }]);
  });

  it('turned off again, approves a reviewed slot in the one pass', async () => {
    expect((await approve(rita)).status).toBe(200);
    expect((await secondReview(false)).status).toBe(200);
    expect((await approve(rita)).status).toBe(200);
    expect(head().status).toBe('approved');
    expect(tmUnits()).toBe(1);
  });
});

describe('second reviewer assignments', () => {
  beforeEach(async () => {
    expect((await secondReview(true)).status).toBe(200);
  });

  const assign = (user: string, role: string) => send(`/api/documents/${documentId}/assignments`, { lang: 'en', user, role }, admin);

  it('needs the reviewer role', async () => {
    const res = await assign('tina', 'reviewer2');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain('reviewer role');
    expect(app.store.review.listAssignments(documentId)).toEqual([]);
  });

  it('keeps the passes apart: only the assigned second reviewer gives the final approval', async () => {
    expect((await assign('rita', 'reviewer')).status).toBe(200);
    expect((await assign('ravi', 'reviewer2')).status).toBe(200);
    const third = await app.login(['reviewer'], 'rhea');
    expect((await approve(ravi)).status).toBe(403);
    expect((await approve(rita)).status).toBe(200);
    const refused = await errorOf(await approve(third));
    expect(refused).toMatchObject({ status: 403 });
    expect(refused.message).toContain('second reviewers assigned');
    expect((await approve(ravi)).status).toBe(200);
    expect(head().status).toBe('approved');
    const page = await (await app.request(`/documents/${documentId}`, { as: admin })).text();
    expect(page).toMatch(/ravi<\/strong> second reviewer of/);
  });
});

describe('editing a slot waiting for the second review', () => {
  beforeEach(async () => {
    expect((await secondReview(true)).status).toBe(200);
    expect((await approve(rita)).status).toBe(200);
  });

  const edit = (as: Login, text: string) => send(`/api/documents/${documentId}/slots/${segmentIds[0]}/en`, { text, version: head().version }, as, 'PUT');

  it('keeps it reviewed when the second reviewer corrects it, so they approve it finally', async () => {
    expect((await edit(ravi, 'The two sides reached a consensus on cooperation.')).status).toBe(200);
    expect(head()).toMatchObject({ status: 'reviewed', text: 'The two sides reached a consensus on cooperation.' });
    expect((await approve(ravi)).status).toBe(200);
    expect(head().status).toBe('approved');
  });

  it('sends it back to draft when the first reviewer edits it (their text would skip a second look) or a translator does', async () => {
    expect((await edit(rita, 'Rita changed it.')).status).toBe(200);
    expect(head().status).toBe('draft');
  });
});

describe('the history of a two-pass slot', () => {
  it('records the first approval as a revision that left the slot reviewed, and the second as approved', async () => {
    expect((await secondReview(true)).status).toBe(200);
    expect((await approve(rita)).status).toBe(200);
    expect((await approve(ravi)).status).toBe(200);
    const res = await app.request(`/api/documents/${documentId}/slots/${segmentIds[0]}/en/history`, { as: rita });
    expect(res.status).toBe(200);
    const { revisions } = (await res.json()) as { revisions: { action: string; status: string; authorName: string | null }[] };
    const approvals = revisions.filter((r) => r.action === 'approve');
    // The client labels these "approved in R1" and "approved" (revisionActionLabel).
    expect(approvals.map((r) => [r.authorName, r.status])).toEqual([['rita', 'reviewed'], ['ravi', 'approved']]);
  });
});
