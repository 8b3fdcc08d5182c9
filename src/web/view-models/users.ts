import { ROLES } from '../../domain.js';
import type { User } from '../../store/users.js';

/** What the users page says above the list after an action. */
export type UsersNotice =
  | { kind: 'password'; name: string; password: string; text: string }
  | { kind: 'done'; text: string }
  | { kind: 'error'; text: string }
  | { kind: 'form-error'; text: string };

export interface UsersView {
  users: { id: number; name: string; roles: { role: string; held: boolean }[]; rolesText: string; active: boolean; since: string; self: boolean }[];
  roles: readonly string[];
  notice: UsersNotice | null;
  /** The new-user form as typed (after a refusal) or empty. */
  form: { name: string; roles: string[] } | null;
}

export function usersView(users: User[], me: User, notice: UsersNotice | null, form?: { name: string; roles: string[] }): UsersView {
  return {
    users: users.map((u) => ({
      id: u.id, name: u.name, roles: ROLES.map((role) => ({ role, held: u.roles.includes(role) })), rolesText: u.roles.join(', '),
      active: !u.disabled, since: u.createdAt.slice(0, 10), self: u.id === me.id,
    })),
    roles: ROLES,
    notice,
    form: form ?? null,
  };
}
