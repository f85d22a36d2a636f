export interface BackoffPolicy {
  /** Delays after the 1st, 2nd, … failure; the last one repeats (the cap). */
  stepsMs: number[];
  /** ± fraction of random spread, so tills that failed together do not retry together. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { stepsMs: [10_000, 30_000, 60_000, 120_000, 300_000], jitter: 0.2 };

export function backoffDelay(policy: BackoffPolicy, attempts: number, random: () => number = Math.random): number {
  const steps = policy.stepsMs;
  const base = steps[Math.min(Math.max(attempts, 1), steps.length) - 1] ?? 10_000;
  return Math.round(base * (1 + policy.jitter * (2 * random() - 1)));
}
