/**
 * Asks /healthz every 50 ms until stopped and keeps the slowest answer: how long the server
 * could not answer anyone while a heavy import ran (tests/reliability/heavy-*.test.ts).
 */
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
