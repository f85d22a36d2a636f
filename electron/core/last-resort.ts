/**
 * The last resort of a process that runs core (host, CLI, sandbox): an exception or rejection nobody
 * caught is logged, what is open is closed (core checkpoints and closes the database) and the process
 * exits 1, instead of dying with a half-written WAL or running on in an unknown state.
 */
const closers = new Set<() => Promise<void>>();

/** Registers something to close on a crash; returns the unregister function (call it on a normal close). */
export function closeOnCrash(close: () => Promise<void>): () => void {
  closers.add(close);
  return () => void closers.delete(close);
}

/** A close that runs once, however many times (and from wherever) it is called. */
export function onceAsync(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

let installed = false;

export function installLastResort(
  extra?: () => Promise<void>,
  log: (msg: string) => void = (m) => process.stderr.write(`${m}\n`),
  graceMs = 5_000,
): void {
  if (extra) closeOnCrash(extra);
  if (installed) return;
  installed = true;
  let crashing = false;
  const crash = (kind: string, err: unknown): void => {
    log(`fatal ${kind}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    if (crashing) return;
    crashing = true;
    const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    const all = Promise.allSettled([...closers].map((close) => close()));
    void Promise.race([all, grace]).then(() => process.exit(1));
  };
  process.on('uncaughtException', (err) => crash('uncaughtException', err));
  process.on('unhandledRejection', (err) => crash('unhandledRejection', err));
}
