import type { Express, RequestHandler, Response } from 'express';
import { authorizeInWorkspace, canInWorkspace, type AccessPolicy, type WorkspaceAction } from '../services/access.js';
import type { User } from '../store/users.js';
import { AuthenticationError } from '../services/errors.js';

declare global {
  // Express's own extension point for typed res.locals (see session.ts).
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The workspace actions the signed-in user may do, for menus and buttons (empty when signed out). */
      allowed?: readonly WorkspaceAction[];
    }
  }
}

/**
 * Puts the user's allowed workspace actions in res.locals whenever a page renders, so every page
 * (error pages too) offers only those. Only pages show menus: the JSON API never pays for it, as
 * it did when a middleware worked them out for every request (issue #15).
 */
export function offerAllowedActions(app: Express, access: AccessPolicy): void {
  const render = app.response.render as (this: Response, ...args: unknown[]) => void;
  app.response.render = function renderWithAllowedActions(this: Response, ...args: unknown[]) {
    this.locals.allowed = this.locals.user ? access.allowedInWorkspace(this.locals.user) : [];
    render.apply(this, args);
  } as Response['render'];
}

/** Whether the signed-in user may do a workspace action (the policy's answer; false when signed out). */
export function mayInWorkspace(res: Response, action: WorkspaceAction): boolean {
  return res.locals.user !== undefined && canInWorkspace(res.locals.user, action);
}

/** Route guard for a workspace action: the policy's answer, a 403 with its reason when it says no. */
export function requirePermission(action: WorkspaceAction): RequestHandler {
  return function requirePermission(_req, res, next) {
    if (!res.locals.user) throw new AuthenticationError('Sign in first.');
    authorizeInWorkspace(res.locals.user, action);
    next();
  };
}

/**
 * Whether the user may both translate and approve some language of the document, and so is
 * asked how a returned review table's edits count (the return form's editsAre choice).
 */
export function choosesReviewMode(access: AccessPolicy, user: User, documentId: number, langs: readonly string[]): boolean {
  return langs.some((lang) => (['confirm-slot', 'approve'] as const).every((action) => access.can(user, action, { documentId, lang })));
}
