import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** What users run: the package's bin, which runs the build (dist/, made by the global setup). */
export const BIN = join(ROOT, 'bin', 'duizhao.js');

/** Runs one CLI command to completion against `db`. */
export function runCli(args: string[], db: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, DUIZHAO_DB: db, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Demo passwords printed at the first start of a new database (empty on later starts). */
  passwords: Record<string, string>;
  /** Everything the server printed so far. */
  output(): string;
  /** Resolves when stdout shows `text`. */
  waitFor(text: string): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `duizhao serve` as a child process on a free port, resolved once it prints its URL. */
export async function startServerProcess(db: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  // The bin runs the server in its own process (no wrapper child), so SIGKILL reaches it.
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT, env: { ...process.env, DUIZHAO_DB: db, PORT: '0', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const onData = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const w of waiters.filter((x) => out.includes(x.text))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const waitFor = (text: string) => new Promise<void>((resolve, reject) => {
    if (out.includes(text)) {
      resolve();
      return;
    }
    waiters.push({ text, resolve });
    void exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before printing "${text}":\n${out}`)));
  });
  await waitFor('running at http://');
  const url = /running at (http:\/\/[^/\s]+)\//.exec(out)?.[1];
  if (!url) throw new Error(`no URL in server output:\n${out}`);
  const passwords: Record<string, string> = {};
  for (const match of out.matchAll(/^ {2}(admin|translator|reviewer)\s+(\S+)$/gm)) passwords[match[1]!] = match[2]!;
  return { child, baseUrl: url, passwords, output: () => out, waitFor, exited };
}

export interface HttpSession { cookie: string; csrfToken: string }

/** Signs in through the login form as a browser would; returns the session cookie and its CSRF token. */
export async function signIn(baseUrl: string, name: string, password: string): Promise<HttpSession> {
  const form = await fetch(`${baseUrl}/login`);
  const preCookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const preToken = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const login = await fetch(`${baseUrl}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: preCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: preToken, name, password, next: '/' }),
  });
  const cookie = (login.headers.getSetCookie().find((c) => c.startsWith('duizhao_session=')) ?? '').split(';')[0] ?? '';
  if (!cookie) throw new Error(`sign-in as ${name} failed: ${login.status}`);
  const page = await (await fetch(`${baseUrl}/`, { headers: { cookie } })).text();
  const csrfToken = /name="csrf-token" content="([^"]+)"/.exec(page)?.[1] ?? '';
  return { cookie, csrfToken };
}

/** First head slot of every segment of a document in one language, as the rows API returns them. */
export async function listHeads(baseUrl: string, session: HttpSession, documentId: number, lang: string, limit = 500) {
  const res = await fetch(`${baseUrl}/api/documents/${documentId}/rows?limit=${limit}`, { headers: { cookie: session.cookie } });
  const body = await res.json() as { rows: { slots: Record<string, { kind: string; segmentId: number; version: number; text: string }> }[] };
  return body.rows.flatMap((r) => {
    const slot = r.slots[lang];
    return slot && slot.kind === 'head' ? [{ segmentId: slot.segmentId, version: slot.version, text: slot.text }] : [];
  });
}

/** PUT one slot's text; the status and body of the answer. */
export async function saveSlot(baseUrl: string, session: HttpSession, documentId: number, segmentId: number, lang: string, text: string, version: number) {
  const res = await fetch(`${baseUrl}/api/documents/${documentId}/slots/${segmentId}/${lang}`, {
    method: 'PUT',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ text, version }),
  });
  return { status: res.status, body: await res.json() as { slot?: { version: number; text: string }; error?: { code: string } } };
}

/** Runs one CLI command without blocking this process's event loop (a server child keeps being driven). */
export function runCliAsync(args: string[], db: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, DUIZHAO_DB: db } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
