/**
 * Where a store's time goes, statement by statement (issue #15, bench/save.ts): a stand-in for
 * a better-sqlite3 connection that counts and times every call of every statement prepared
 * through it, and the BEGIN … COMMIT of each transaction (the transaction's time minus the time
 * of the function inside it). Times are this process's CPU (process.cpuUsage) less the cost of
 * reading it, so they add up to what the store spends. A bench tool: no product code uses it.
 */
import type { Db } from '../src/store/db.js';

export interface StatementFigure {
  sql: string;
  calls: number;
  cpuUs: number;
  /** The arguments of the last call, to EXPLAIN the statement with. */
  lastArgs: unknown[];
}

export interface StatementMeter {
  /** Pass this to createStore instead of the connection. */
  db: Db;
  figures(): StatementFigure[];
  /** Statements prepared since the last reset: a request path should prepare none. */
  prepared(): string[];
  reset(): void;
}

const cpuUs = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

/** The CPU µs of one pair of process.cpuUsage() calls, the floor of every timed call. */
function readingCost(): number {
  const n = 20_000;
  const start = cpuUs();
  for (let i = 0; i < n; i++) cpuUs();
  return (cpuUs() - start) / n;
}

const RUN_METHODS = ['run', 'get', 'all', 'iterate'] as const;

export function meterStatements(target: Db): StatementMeter {
  const floor = readingCost();
  const byKey = new Map<string, StatementFigure>();
  const preparedSince: string[] = [];
  const figure = (sql: string) => {
    const key = sql.replace(/\s+/g, ' ').trim();
    let found = byKey.get(key);
    if (!found) byKey.set(key, found = { sql: key, calls: 0, cpuUs: 0, lastArgs: [] });
    return found;
  };
  const timed = <T>(into: StatementFigure, args: unknown[], call: () => T): T => {
    const start = cpuUs();
    try {
      return call();
    } finally {
      into.cpuUs += cpuUs() - start - floor;
      into.calls += 1;
      into.lastArgs = args;
    }
  };

  const prepare = (sql: string) => {
    const statement = target.prepare(sql);
    preparedSince.push(sql.replace(/\s+/g, ' ').trim());
    const into = figure(sql);
    for (const method of RUN_METHODS) {
      const original = statement[method] as (...args: unknown[]) => unknown;
      Object.defineProperty(statement, method, { value: (...args: unknown[]) => timed(into, args, () => original.apply(statement, args)), configurable: true });
    }
    return statement;
  };

  /** A transaction function whose BEGIN and COMMIT (or savepoint) are timed apart from its body. */
  const transaction = (fn: (...args: unknown[]) => unknown) => {
    let inner = 0;
    const body = (...args: unknown[]) => {
      const start = cpuUs();
      try {
        return fn(...args);
      } finally {
        inner += cpuUs() - start;
      }
    };
    const real = target.transaction(body);
    const wrap = (variant: (...args: unknown[]) => unknown, name: string) => (...args: unknown[]) => {
      const into = figure(target.inTransaction ? 'SAVEPOINT … RELEASE' : `${name} … COMMIT`);
      const before = inner;
      const start = cpuUs();
      try {
        return variant(...args);
      } finally {
        into.cpuUs += cpuUs() - start - (inner - before) - 2 * floor;
        into.calls += 1;
      }
    };
    return Object.assign(wrap(real, 'BEGIN'), { deferred: wrap(real.deferred, 'BEGIN DEFERRED'), immediate: wrap(real.immediate, 'BEGIN IMMEDIATE'), exclusive: wrap(real.exclusive, 'BEGIN EXCLUSIVE'), default: wrap(real.default, 'BEGIN') });
  };

  const db = new Proxy(target, {
    get(object, property) {
      if (property === 'prepare') return prepare;
      if (property === 'transaction') return transaction;
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
  return {
    db,
    figures: () => [...byKey.values()].filter((f) => f.calls > 0).map((f) => ({ ...f })),
    prepared: () => [...preparedSince],
    reset: () => {
      preparedSince.length = 0;
      for (const f of byKey.values()) {
        f.calls = 0;
        f.cpuUs = 0;
      }
    },
  };
}
