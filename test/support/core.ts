import { unconfiguredChannel } from '../../electron/core/channel/switchable.ts';
import { AppConfigSchema, type AppConfig } from '../../electron/core/config.ts';
import { openCore, type Core } from '../../electron/core/core.ts';

/** A config for tests: default rules, offline limits high enough for a thousand-invoice backlog. */
export function testConfig(offline: Partial<AppConfig['offline']> = {}): AppConfig {
  return AppConfigSchema.parse({ offline: { maxUnsentAmount: '100000000.00', maxUnsentCount: 100_000, ...offline } });
}

/** Worker timings for tests: milliseconds, not the production seconds. */
export const FAST_WORKER = {
  batchSize: 50,
  backoff: { stepsMs: [20, 50, 100], jitter: 0.2 },
  breaker: { baseMs: 20, maxMs: 200 },
  probeIntervalMs: 20,
  leaseMs: 5_000,
};

/** Core on a real database file with no channel to send to and no worker: for what happens on the till alone. */
export function openOfflineCore(dataDir: string, now?: () => number): Core {
  return openCore({ dataDir, config: AppConfigSchema.parse({}), channel: unconfiguredChannel('no channel in this test'), autoSync: false, ...(now ? { now } : {}) });
}
