/**
 * Quitting waits for core: core.close() stops the sync worker after its in-flight submission finishes
 * (or leaves it queued: the outbox row is committed before any send), then closes the database.
 * The first quit request starts this once; Electron's quit is held until it is done, with a time limit
 * so a hung network cannot keep the till from shutting down (the outbox is durable either way).
 */
export function createShutdown(o: {
  stop: () => Promise<void>;
  exit: (code: number) => void;
  log: (msg: string) => void;
  timeoutMs?: number;
}): { request(): Promise<void>; readonly started: boolean } {
  let running: Promise<void> | undefined;
  return {
    get started() {
      return running !== undefined;
    },
    request() {
      running ??= (async () => {
        o.log('shutdown: waiting for core to close');
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise<'timeout'>((r) => {
          timer = setTimeout(() => r('timeout'), o.timeoutMs ?? 15_000);
        });
        let code = 0;
        try {
          const r = await Promise.race([o.stop().then(() => 'done' as const), limit]);
          if (r === 'timeout') {
            o.log('shutdown: core did not close in time; exiting (queued invoices stay queued)');
            code = 1;
          } else o.log('shutdown: core closed');
        } catch (err) {
          o.log(`shutdown: close failed: ${err instanceof Error ? err.message : String(err)}`);
          code = 1;
        } finally {
          clearTimeout(timer);
        }
        o.exit(code);
      })();
      return running;
    },
  };
}
