/**
 * Asks /healthz every 50 ms until stopped and keeps the slowest answer: how long the server
 * could not answer anyone while a heavy import ran (tests/reliability/heavy-*.test.ts).
 */
/**
 * How slow /healthz may be during a heavy import. Alone it took at most 0.3 s during a 20 MB
 * .txt import and about 1 s during a 20 MB TMX one; inside the full suite on two loaded cores
 * up to 4 s. The old code held it for the whole import, 5-25 s on this machine.
 */
export const HEALTH_BOUND_MS = 6_000;

export function watchHealth(baseUrl: string): { stop(): Promise<number> } {
  let running = true;
  let slowest = 0;
  const watcher = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(`${baseUrl}/healthz`)).arrayBuffer();
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await watcher;
      return slowest;
    },
  };
}
