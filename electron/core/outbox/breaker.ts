/**
 * "System busy" is the channel asking every client to slow down, so it pauses the whole worker, not one
 * item: each busy answer in a row doubles the pause (from `baseMs` up to `maxMs`); any real answer resets it.
 */
export interface BreakerPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = { baseMs: 2_000, maxMs: 60_000 };

export class BusyBreaker {
  private readonly policy: BreakerPolicy;
  private streak = 0;
  openUntil = 0;

  constructor(policy: BreakerPolicy = DEFAULT_BREAKER) {
    this.policy = policy;
  }

  /** Records a busy answer; returns when sending may resume. */
  trip(now: number): number {
    this.streak++;
    const pause = Math.min(this.policy.maxMs, this.policy.baseMs * 2 ** (this.streak - 1));
    this.openUntil = now + pause;
    return this.openUntil;
  }

  reset(): void {
    this.streak = 0;
    this.openUntil = 0;
  }

  isOpen(now: number): boolean {
    return now < this.openUntil;
  }
}
