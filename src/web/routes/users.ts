import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app.js';
import { requirePermission } from '../access.js';
import { requireUser } from '../session.js';
import { newUserForm, parse, rolesBody, userChangeForm, userParams } from '../schemas.js';
import { usersView, type UsersNotice } from '../view-models/users.js';
import { DomainError, ValidationError } from '../../services/errors.js';
import type { UserChange } from '../../services/accounts.js';

/** User administration (admins): the users page and its JSON API, every action through the policy. */
export function usersRouter(deps: AppDeps): Router {
  const { services } = deps;
  const router = Router();
  const admin = [requireUser, requirePermission('manage-users')];
  router.get('/admin/users', ...admin, showUsersPage);
  router.post('/admin/users', ...admin, createUser);
  router.post('/admin/users/:userId', ...admin, changeFromForm);

  // Guards per route: a router-wide `use` under /api would stand in front of every other API route.
  router.get('/api/users', ...admin, listUsers);
  router.post('/api/users/:userId/deactivate', ...admin, (req, res) => change(req, res, { kind: 'deactivate' }));
  router.post('/api/users/:userId/reactivate', ...admin, (req, res) => change(req, res, { kind: 'reactivate' }));
  router.post('/api/users/:userId/password', ...admin, (req, res) => change(req, res, { kind: 'reset-password' }));
  router.put('/api/users/:userId/roles', ...admin, (req, res) => change(req, res, { kind: 'roles', roles: parse(rolesBody, req.body).roles }));
  return router;

  function render(res: Response, status: number, notice: UsersNotice | null, form?: { name: string; roles: string[] }): void {
    res.status(status).render('pages/users', { title: 'Users', view: usersView(services.accounts.listUsers(), res.locals.user!, notice, form) });
  }

  function showUsersPage(_req: Request, res: Response): void {
    render(res, 200, null);
  }

  async function createUser(req: Request, res: Response): Promise<void> {
    const form = parse(newUserForm, req.body);
    try {
      const { user, password } = await services.accounts.createUser({ name: form.name, roles: form.roles, actorId: res.locals.user!.id });
      render(res, 201, { kind: 'password', name: user.name, password, text: `Created ${user.name}.` });
    } catch (error) {
      // A taken name is the admin's typo to fix: say so in the form, keeping what was typed.
      if (!(error instanceof ValidationError)) throw error;
      render(res, 409, { kind: 'form-error', text: error.message }, form);
    }
  }

  /** One form per user row: the change chosen, said on the page (a new password shown once). */
  async function changeFromForm(req: Request, res: Response): Promise<void> {
    const { userId } = parse(userParams, req.params);
    const form = parse(userChangeForm, req.body);
    const requested: UserChange = form.change === 'roles' ? { kind: 'roles', roles: form.roles } : { kind: form.change };
    try {
      const { user, password } = await services.accounts.changeUser({ actor: res.locals.user!, userId, change: requested });
      const text = {
        deactivate: `Deactivated ${user.name}: their sessions have ended and they cannot sign in.`,
        reactivate: `Reactivated ${user.name}: they can sign in again.`,
        'reset-password': `Reset the password of ${user.name}; their sessions have ended.`,
        roles: `${user.name} is now ${user.roles.join(', ')}.`,
      }[requested.kind];
      render(res, 200, password ? { kind: 'password', name: user.name, password, text } : { kind: 'done', text });
    } catch (error) {
      // A refusal the admin can act on (the last admin, their own account) is said on the page.
      if (!(error instanceof DomainError) || error.code === 'forbidden' || error.code === 'not_found') throw error;
      render(res, 409, { kind: 'error', text: error.message });
    }
  }

  function listUsers(_req: Request, res: Response): void {
    res.json({ users: services.accounts.listUsers() });
  }

  async function change(req: Request, res: Response, requested: UserChange): Promise<void> {
    const { userId } = parse(userParams, req.params);
    res.json(await services.accounts.changeUser({ actor: res.locals.user!, userId, change: requested }));
  }
}
