import { unconfiguredChannel } from '../../core/channel/switchable.ts';
import { loadConfig } from '../../core/config.ts';
import { openCore } from '../../core/core.ts';
import { lastRecordedAt } from '../../core/outbox/policy.ts';
import { EXIT, UsageError, printJson, type Command } from '../io.ts';

/**
 * The till's clock from the command line, for the store's IT (docs/it-guide.md, "Clock"): `fapiao clock`
 * shows it against the last recorded event; `fapiao clock confirm` says the clock is right now and lifts
 * CLOCK_BACKWARDS (audited as clock.confirmed, the actor from the CLI's session). It never lifts
 * CLOCK_AHEAD: only the corrected clock does, measured against the channel's signed time.
 */
export const clockCommand: Command = {
  summary: "show the till's clock against its records, or confirm it is right (lifts CLOCK_BACKWARDS)",
  usage: 'fapiao clock [confirm]   exit 0 when issuing is not stopped by the clock, 1 when it still is',
  async run({ args, dataDir }) {
    const [action, ...rest] = args;
    if (rest.length > 0 || (action !== undefined && action !== 'confirm')) throw new UsageError('fapiao clock [confirm]');
    // The clock needs no channel: nothing is sent, so no sandbox is started.
    const core = openCore({ dataDir, config: loadConfig(dataDir), channel: unconfiguredChannel('fapiao clock: no channel'), autoSync: false });
    try {
      const before = core.queueStatus().blocked;
      const status = action === 'confirm' ? await core.handlers.confirmClock({}) : core.queueStatus();
      const clockBlock = status.blocked?.code === 'CLOCK_BACKWARDS' || status.blocked?.code === 'CLOCK_AHEAD' ? status.blocked : undefined;
      const last = lastRecordedAt(core.db);
      printJson({
        ok: clockBlock === undefined,
        now: new Date().toISOString(),
        lastRecordedAt: last === undefined ? null : new Date(last).toISOString(),
        ...(action === 'confirm' ? { confirmed: before?.code === 'CLOCK_BACKWARDS' && clockBlock === undefined } : {}),
        ...(clockBlock ? { errors: [clockBlock] } : {}),
      });
      return clockBlock === undefined ? EXIT.ok : EXIT.failed;
    } finally {
      await core.close();
    }
  },
};
