import { execFileSync } from 'node:child_process';
import { FapiaoError } from '../../electron/contract/index.ts';
import type { TaxChannel } from '../../electron/core/channel/client.ts';
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

/** A channel that answers every call "busy": invoices stay queued, as on a till whose network is down. */
export const BUSY_CHANNEL: TaxChannel = {
  issue: async () => ({ code: '2001', message: 'busy' }),
  query: async () => ({ code: '2001', message: 'busy' }),
  health: async () => false,
};

/** Core on a real database file with a busy channel and no worker. */
export const openBusyCore = (dataDir: string): Core => openCore({ dataDir, config: testConfig(), channel: BUSY_CHANNEL, autoSync: false });

/** The FapiaoError a call throws (any other outcome fails the test). */
export function errorOf(fn: () => unknown): FapiaoError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FapiaoError) return err;
    throw err;
  }
  throw new Error('expected a FapiaoError');
}

/** Runs a system command (mount, umount); false where it is not permitted here, so the test can skip. */
export function tryExec(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
