import { unconfiguredChannel } from '../../core/channel/switchable.ts';
import { loadConfig } from '../../core/config.ts';
import { openCore } from '../../core/core.ts';
import { EXIT, UsageError, printJson, type Command } from '../io.ts';

/**
 * Staff for the store's IT (docs/it-guide.md, "PINs and locked staff"): `fapiao staff` lists who is locked
 * after too many wrong PINs; `fapiao staff unlock <id>` lifts a lock (a staff ID, `role:manager` for the
 * manager PIN screen's counter, `ukey` for the UKey's), audited with the CLI's session (actor `it`).
 */
export const staffCommand: Command = {
  summary: 'list staff and PIN locks, or lift a lock after too many wrong PINs',
  usage: 'fapiao staff [list] · fapiao staff unlock <id|role:manager|ukey>   prints the staff list; exit 1 when nothing was locked',
  async run({ args, dataDir }) {
    const [action = 'list', target, ...rest] = args;
    if (rest.length > 0 || (action === 'list' && target !== undefined) || (action === 'unlock' && target === undefined) || !['list', 'unlock'].includes(action))
      throw new UsageError('fapiao staff [list] | fapiao staff unlock <id|role:manager|ukey>');
    const core = openCore({ dataDir, config: loadConfig(dataDir), channel: unconfiguredChannel('fapiao staff: no channel'), autoSync: false });
    try {
      if (action === 'list') {
        printJson({ ok: true, staff: (await core.handlers.getSettings({})).staff });
        return EXIT.ok;
      }
      const wasLocked = core.db.prepare('SELECT 1 FROM pin_failures WHERE target = ?').get(target) !== undefined;
      const staff = await core.handlers.unlockStaff({ target: target! });
      printJson({ ok: wasLocked, target, unlocked: wasLocked, staff });
      return wasLocked ? EXIT.ok : EXIT.failed;
    } finally {
      await core.close();
    }
  },
};
