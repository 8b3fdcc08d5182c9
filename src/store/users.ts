import type { AuditAction, Role } from '../domain.js';
import { isRole } from '../domain.js';
import type { Db } from './db.js';

export interface User {
  id: number;
  name: string;
  roles: Role[];
  disabled: boolean;
  createdAt: string;
}

export interface UserWithHash extends User { passwordHash: string }

export interface Session {
  id: string;
  userId: number;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/** One audit log entry with the names of its user and document, for people to read. */
export interface AuditEntry {
  id: number; userId: number | null; userName: string | null; action: string; documentId: number | null;
  documentTitle: string | null; details: string; createdAt: string;
}

interface UserRow { id: number; name: string; password_hash: string; disabled: number; created_at: string; roles: string | null }

function toUser(row: UserRow): UserWithHash {
  return {
    id: row.id,
    name: row.name,
    roles: (row.roles ?? '').split(',').filter(isRole),
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    passwordHash: row.password_hash,
  };
}

/** Users, their sessions and the audit log: everything about who did what. */
export function createUserStore(db: Db) {
  const selectUser = `SELECT u.*, (SELECT group_concat(role, ',') FROM user_roles WHERE user_id = u.id) AS roles FROM users u`;
  const findById = db.prepare(`${selectUser} WHERE u.id = @id`);
  const findByName = db.prepare(`${selectUser} WHERE u.name = @name`);
  const list = db.prepare(`${selectUser} ORDER BY u.name`);
  const insert = db.prepare('INSERT INTO users (name, password_hash, created_at) VALUES (@name, @passwordHash, @now)');
  const insertRole = db.prepare('INSERT INTO user_roles (user_id, role) VALUES (@userId, @role)');
  const count = db.prepare('SELECT COUNT(*) AS n FROM users');
  const setDisabled = db.prepare('UPDATE users SET disabled = @disabled WHERE id = @id');
  const setPassword = db.prepare('UPDATE users SET password_hash = @passwordHash WHERE id = @id');
  const deleteRoles = db.prepare('DELETE FROM user_roles WHERE user_id = @userId');
  const countActiveAdmins = db.prepare(`SELECT COUNT(*) AS n FROM users u JOIN user_roles r ON r.user_id = u.id
    WHERE r.role = 'admin' AND u.disabled = 0`);
  const deleteSessionsOfUser = db.prepare('DELETE FROM sessions WHERE user_id = @userId');

  const insertSession = db.prepare(`INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at)
    VALUES (@id, @userId, @csrfToken, @createdAt, @lastSeenAt, @expiresAt)`);
  const findSessionStmt = db.prepare('SELECT * FROM sessions WHERE id = @id');
  const touchSession = db.prepare('UPDATE sessions SET last_seen_at = @now, expires_at = @expiresAt WHERE id = @id');
  const deleteSessionStmt = db.prepare('DELETE FROM sessions WHERE id = @id');
  const deleteExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= @now');

  const insertAudit = db.prepare(`INSERT INTO audit_log (user_id, action, document_id, details, created_at)
    VALUES (@userId, @action, @documentId, @details, @now)`);

  return {
    findUser(id: number): UserWithHash | undefined {
      const row = findById.get({ id }) as UserRow | undefined;
      return row ? toUser(row) : undefined;
    },
    findUserByName(name: string): UserWithHash | undefined {
      const row = findByName.get({ name }) as UserRow | undefined;
      return row ? toUser(row) : undefined;
    },
    listUsers(): User[] {
      return (list.all() as UserRow[]).map(toUser).map(({ passwordHash: _hash, ...user }) => user);
    },
    insertUser(input: { name: string; passwordHash: string; roles: readonly Role[]; now: string }): number {
      const id = Number(insert.run({ name: input.name, passwordHash: input.passwordHash, now: input.now }).lastInsertRowid);
      for (const role of new Set(input.roles)) insertRole.run({ userId: id, role });
      return id;
    },
    countUsers(): number {
      return (count.get() as { n: number }).n;
    },
    /** Deactivates (true) or reactivates (false) a user; false when there is no such user. */
    updateUserDisabled(id: number, disabled: boolean): boolean {
      return setDisabled.run({ id, disabled: disabled ? 1 : 0 }).changes === 1;
    },
    updatePasswordHash(id: number, passwordHash: string): boolean {
      return setPassword.run({ id, passwordHash }).changes === 1;
    },
    /** Replaces every role of a user (call inside a transaction). */
    replaceRoles(userId: number, roles: readonly Role[]): void {
      deleteRoles.run({ userId });
      for (const role of new Set(roles)) insertRole.run({ userId, role });
    },
    /** Active users holding the admin role: the last one may not lose it. */
    countActiveAdmins(): number {
      return (countActiveAdmins.get() as { n: number }).n;
    },

    insertSession(session: Session): void {
      insertSession.run(session);
    },
    findSession(id: string): Session | undefined {
      const row = findSessionStmt.get({ id }) as
        { id: string; user_id: number; csrf_token: string; created_at: string; last_seen_at: string; expires_at: string } | undefined;
      return row && {
        id: row.id, userId: row.user_id, csrfToken: row.csrf_token,
        createdAt: row.created_at, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at,
      };
    },
    updateSessionExpiry(id: string, now: string, expiresAt: string): void {
      touchSession.run({ id, now, expiresAt });
    },
    deleteSession(id: string): void {
      deleteSessionStmt.run({ id });
    },
    /** Ends every session of a user (deactivation, password reset); returns how many there were. */
    deleteSessionsOfUser(userId: number): number {
      return deleteSessionsOfUser.run({ userId }).changes;
    },
    deleteExpiredSessions(now: string): number {
      return deleteExpired.run({ now }).changes;
    },

    insertAuditEntry(entry: { userId: number | null; action: AuditAction; documentId?: number | null; details?: Record<string, unknown>; now: string }): void {
      insertAudit.run({
        userId: entry.userId, action: entry.action, documentId: entry.documentId ?? null,
        details: JSON.stringify(entry.details ?? {}), now: entry.now,
      });
    },
    /** Audit entries, newest first, filtered; `before` pages by id. */
    listAudit(filter: { userId?: number; documentId?: number; action?: string; from?: string; to?: string; before?: number; limit: number }): AuditEntry[] {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: filter.limit };
      if (filter.userId !== undefined) { where.push('a.user_id = @userId'); params.userId = filter.userId; }
      if (filter.documentId !== undefined) { where.push('a.document_id = @documentId'); params.documentId = filter.documentId; }
      if (filter.action) { where.push('a.action = @action'); params.action = filter.action; }
      if (filter.from) { where.push('a.created_at >= @from'); params.from = filter.from; }
      if (filter.to) { where.push('a.created_at < @to'); params.to = filter.to; }
      if (filter.before !== undefined) { where.push('a.id < @before'); params.before = filter.before; }
      // Only fixed fragments are joined; every value is a bound parameter.
      const sql = `SELECT a.*, u.name AS user_name, d.title AS document_title FROM audit_log a
        LEFT JOIN users u ON u.id = a.user_id LEFT JOIN documents d ON d.id = a.document_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id DESC LIMIT @limit`;
      return (db.prepare(sql).all(params) as { id: number; user_id: number | null; user_name: string | null; action: string; document_id: number | null; document_title: string | null; details: string; created_at: string }[])
        .map((r) => ({ id: r.id, userId: r.user_id, userName: r.user_name, action: r.action, documentId: r.document_id, documentTitle: r.document_title, details: r.details, createdAt: r.created_at }));
    },
  };
}

export type UserStore = ReturnType<typeof createUserStore>;
