import { seededRandom } from '../core/outbox/backoff.ts';

/**
 * Faults the sandbox injects, like a real channel on a bad day. Ratios are per business request and
 * exclusive (one roll decides which, if any); latency is added to every business request.
 * Set with FAPIAO_SANDBOX_FAULTS or `fapiao sandbox --faults`, as JSON or "key=value,…":
 *   seed=42,latency=0-30,busy=0.05,5xx=0.05,drop=0.05,after=0.05,dup=0.05,hang=0,maintenance=60000:5000,poison=P-
 * Same seed, same sequence of decisions.
 */
export interface FaultConfig {
  seed: number;
  latencyMs: [number, number];
  /** Reply 2001 "system busy" without processing. */
  busy: number;
  /** HTTP 500 without processing. */
  http5xx: number;
  /** Close the connection without processing. */
  drop: number;
  /** Process and commit, then never answer (hold `hangMs`, then close): the till sees a timeout. */
  timeoutAfterCommit: number;
  hangMs: number;
  /** Process and commit, then answer 3001 "duplicate" without the invoice: the till must fetch it. */
  duplicateReply: number;
  /** Maintenance: every `everyMs` the channel is down for `forMs` (HTTP 503, code 2002). */
  maintenance?: { everyMs: number; forMs: number };
  /** Until when (ms since the epoch) a maintenance window set at runtime lasts. */
  maintenanceUntil?: number;
  /**
   * A poisoned invoice: every issue request carrying an order number that starts with this is refused as a
   * whole (1001 without per-invoice results), like a gateway that chokes on one invoice's envelope.
   */
  poisonPrefix?: string;
}

export type Fault = 'none' | 'busy' | 'http5xx' | 'drop' | 'timeoutAfterCommit' | 'duplicateReply';

export const NO_FAULTS: FaultConfig = { seed: 1, latencyMs: [0, 0], busy: 0, http5xx: 0, drop: 0, timeoutAfterCommit: 0, hangMs: 0, duplicateReply: 0 };

const KEYS: Record<string, keyof FaultConfig> = {
  seed: 'seed',
  busy: 'busy',
  '5xx': 'http5xx',
  http5xx: 'http5xx',
  drop: 'drop',
  after: 'timeoutAfterCommit',
  timeoutAfterCommit: 'timeoutAfterCommit',
  dup: 'duplicateReply',
  duplicateReply: 'duplicateReply',
  hang: 'hangMs',
  hangMs: 'hangMs',
};

export function parseFaults(text: string | undefined): FaultConfig {
  const config: FaultConfig = { ...NO_FAULTS, latencyMs: [0, 0] };
  if (text === undefined || text.trim() === '') return config;
  if (text.trim().startsWith('{')) return { ...config, ...(JSON.parse(text) as Partial<FaultConfig>) };
  for (const part of text.split(',')) {
    const [k, v] = part.split('=').map((x) => x.trim());
    if (!k || v === undefined) continue;
    if (k === 'latency') {
      const [a, b] = v.split('-').map(Number);
      config.latencyMs = [a ?? 0, b ?? a ?? 0];
    } else if (k === 'maintenance') {
      const [every, span] = v.split(':').map(Number);
      if (every && span) config.maintenance = { everyMs: every, forMs: span };
    } else if (k === 'poison') config.poisonPrefix = v;
    else if (KEYS[k]) (config as unknown as Record<string, number>)[KEYS[k]] = Number(v);
    else throw new Error(`unknown sandbox fault "${k}"`);
  }
  return config;
}

export interface FaultInjector {
  config: FaultConfig;
  /** Which fault (if any) this business request gets, and the latency to add. */
  next(): { fault: Fault; latencyMs: number };
  inMaintenance(now: number): boolean;
  set(config: Partial<FaultConfig>): void;
}

export function faultInjector(initial: FaultConfig): FaultInjector {
  let config = initial;
  let random = seededRandom(config.seed);
  return {
    get config() {
      return config;
    },
    next() {
      const [lo, hi] = config.latencyMs;
      const latencyMs = hi > 0 ? lo + Math.floor(random() * (hi - lo + 1)) : 0;
      let r = random();
      for (const f of ['busy', 'http5xx', 'drop', 'timeoutAfterCommit', 'duplicateReply'] as const) {
        if (r < config[f]) return { fault: f, latencyMs };
        r -= config[f];
      }
      return { fault: 'none', latencyMs };
    },
    inMaintenance(now) {
      if (config.maintenanceUntil !== undefined && now < config.maintenanceUntil) return true;
      const m = config.maintenance;
      return m !== undefined && now % m.everyMs < m.forMs;
    },
    set(patch) {
      const reseed = patch.seed !== undefined && patch.seed !== config.seed;
      config = { ...config, ...patch };
      if (reseed) random = seededRandom(config.seed);
    },
  };
}
