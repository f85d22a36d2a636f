/**
 * Renderer crash policy: reload the window (the queue lives in core, in main, so nothing is lost), but
 * stop after a burst of crashes so a renderer that dies on load does not spin the CPU forever.
 */
export interface CrashPolicy {
  maxRestarts: number;
  windowMs: number;
}

export const DEFAULT_CRASH_POLICY: CrashPolicy = { maxRestarts: 3, windowMs: 60_000 };

export function createCrashRecovery(
  reload: () => void,
  giveUp: (reason: string) => void,
  policy: CrashPolicy = DEFAULT_CRASH_POLICY,
  now: () => number = Date.now,
): (details: { reason: string; exitCode?: number }) => 'reloaded' | 'ignored' | 'gave-up' {
  const recent: number[] = [];
  return (details) => {
    // A clean exit is the window closing, not a crash.
    if (details.reason === 'clean-exit') return 'ignored';
    const t = now();
    while (recent.length > 0 && t - recent[0]! > policy.windowMs) recent.shift();
    recent.push(t);
    if (recent.length > policy.maxRestarts) {
      giveUp(details.reason);
      return 'gave-up';
    }
    reload();
    return 'reloaded';
  };
}
