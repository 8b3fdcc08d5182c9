/**
 * The load bench's simulated translators (bench/load.ts): the client loop alone, with no server
 * code, so it runs either inside the bench process beside the server or in a process of its own
 * (bench/load-client.ts), as real browsers do.
 */
import { seeded } from '../tests/helpers/random.js';
import { rawConnection } from './raw-http.js';

/**
 * How the simulated translators send their requests: `lean`, one keep-alive connection each
 * written to as a raw socket (bench/raw-http.ts, a small part of the server's CPU per request),
 * or `fetch`, Node's global fetch (undici, which costs more CPU per request than the server it
 * drives). Instrumentation only: either way the server sees the same requests.
 */
export const HTTP_CLIENTS = ['lean', 'fetch'] as const;
export type HttpClient = (typeof HTTP_CLIENTS)[number];

export interface DriveOptions {
  seconds: number;
  /** Segments in the shared document; clients work on overlapping pages of it. */
  segments: number;
  /** Share of saves sent with a stale version on purpose. */
  conflictRate: number;
}

export interface DriveInput {
  baseUrl: string;
  sessions: { cookie: string; csrfToken: string }[];
  documentId: number;
  options: DriveOptions;
  langs: string[];
  /** Whether every stale save must answer 409 (the app); the bare baseline never checks versions. */
  expectConflicts: boolean;
  /** Which HTTP client the translators use (default `fetch`). */
  client?: HttpClient;
}

/**
 * What one run of the loop saw. `cpuMs` is the CPU of the process the loop ran in (user +
 * system), over the run: clients and server together when they share it, the clients alone in a
 * client process. `acked` holds every acknowledged save by `segmentId/lang`, in order.
 */
export interface Run {
  latencies: number[]; ms: number; cpuMs: number; statuses: Record<string, number>;
  acked: Map<string, { version: number; text: string }[]>; conflicts: number; deliberateConflicts: number;
  problems: string[];
}

interface SlotState { segmentId: number; version: number }
interface RowsBody { rows: { slots: Record<string, { kind: string; segmentId: number; version: number }> }[] }

/**
 * The simulated translators: each reads a page of rows now and then (5 % of its requests) and
 * otherwise saves a slot of it with the version it saw, some on purpose with a stale one.
 * The app and the bare Express baseline are driven by this same loop.
 */
export async function drive(input: DriveInput): Promise<Run> {
  const { baseUrl, sessions, documentId, options, langs } = input;
  const run: Run = { latencies: [], ms: 0, cpuMs: 0, statuses: {}, acked: new Map(), conflicts: 0, deliberateConflicts: 0, problems: [] };
  const { problems } = run;
  const lean = input.client === 'lean';
  const connections = lean ? sessions.map(() => rawConnection(baseUrl)) : [];
  /** One request of client `c`, timed from sending it to having read and parsed its JSON answer. */
  const timed = async (c: number, method: 'GET' | 'PUT', path: string, headers: Record<string, string>, body?: string) => {
    const start = performance.now();
    let status: number;
    let answer: unknown;
    if (lean) {
      const raw = await connections[c]!.request(method, path, headers, body);
      status = raw.status;
      answer = JSON.parse(raw.body.toString('utf8'));
    } else {
      const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined && { body }) });
      status = res.status;
      answer = await res.json();
    }
    run.latencies.push(performance.now() - start);
    run.statuses[status] = (run.statuses[status] ?? 0) + 1;
    if (status >= 500) problems.push(`${method} ${path} answered ${status}`);
    return { status, body: answer };
  };

  const cpu = process.cpuUsage();
  const start = performance.now();
  const deadline = start + options.seconds * 1000;
  await Promise.all(sessions.map(async (session, c) => {
    const rand = seeded(c + 1);
    // Two clients share each page and language, so real races happen beside the deliberate ones.
    const pair = Math.floor(c / 2);
    const lang = langs[pair % langs.length]!;
    const pageSize = 20;
    const pages = Math.max(1, Math.floor(options.segments / pageSize));
    const offset = (pair % pages) * pageSize;
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' };
    const load = async (): Promise<SlotState[]> => {
      const { body } = await timed(c, 'GET', `/api/documents/${documentId}/rows?offset=${offset}&limit=${pageSize}`, headers);
      return (body as RowsBody).rows.flatMap((r) => {
        const slot = r.slots[lang];
        return slot && slot.kind === 'head' ? [{ segmentId: slot.segmentId, version: slot.version }] : [];
      });
    };
    if (performance.now() >= deadline) return;
    let slots = await load();
    // Right after its first acknowledged save each client sends that slot's old version once,
    // so every run has deliberate conflicts however few requests a slow machine completes.
    let conflictNext: SlotState | undefined;
    let firstAck = true;
    for (let n = 0; performance.now() < deadline; n++) {
      if (!conflictNext && rand() < 0.05) {
        slots = await load();
        continue;
      }
      const slot = conflictNext ?? slots[Math.floor(rand() * slots.length)]!;
      const stale = conflictNext !== undefined || (slot.version >= 2 && rand() < options.conflictRate);
      conflictNext = undefined;
      const saved = `c${c} n${n} — «${lang}» ✓ 𝒳`;
      const { status, body } = await timed(c, 'PUT', `/api/documents/${documentId}/slots/${slot.segmentId}/${lang}`, headers,
        JSON.stringify({ text: saved, version: stale ? slot.version - 1 : slot.version }));
      if (stale) {
        run.deliberateConflicts += 1;
        if (input.expectConflicts && status !== 409) problems.push(`a save with a stale version answered ${status}, not 409`);
      }
      if (status === 200) {
        const version = (body as { slot: { version: number } }).slot.version;
        const key = `${slot.segmentId}/${lang}`;
        const list = run.acked.get(key) ?? [];
        list.push({ version, text: saved });
        run.acked.set(key, list);
        slot.version = version;
        if (firstAck) conflictNext = slot;
        firstAck = false;
      } else if (status === 409) {
        run.conflicts += 1;
        slot.version = (body as { error: { details: { current: { version: number } } } }).error.details.current.version;
      } else {
        problems.push(`a save answered ${status}`);
      }
    }
  })).finally(() => {
    for (const connection of connections) connection.close();
  });
  run.ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  run.cpuMs = (used.user + used.system) / 1000;
  return run;
}
