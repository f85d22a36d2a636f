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
  return Math.max(0, Math.round(base * (1 + policy.jitter * (2 * random() - 1))));
}

/** A small seedable PRNG (mulberry32), so jitter and injected faults can be replayed from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
