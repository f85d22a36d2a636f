import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, openDatabase } from '../../core/store/db.ts';
import { attachEvidence, closeEvidence, recordRollback, rolledBack } from '../../core/store/evidence.ts';
import { EXIT, UsageError, printJson, type Command } from '../io.ts';

/**
 * IT's answer to STORE_ROLLED_BACK when restoring is not the way (e.g. the newest backup is older still):
 * the database as it is becomes the till's record, on the record. Needs the audit key (the entry is signed
 * with it) and a reason; the gap of sequence numbers is never given out again.
 */
export const storeCommand: Command = {
  summary: 'accept a database that is behind its high-water mark (STORE_ROLLED_BACK), audited with a reason',
  usage: 'fapiao store accept-rollback --reason TEXT',
  async run({ args, dataDir }) {
    let parsed;
    try {
      parsed = parseArgs({ args, options: { reason: { type: 'string' } }, allowPositionals: true });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const { values, positionals } = parsed;
    if (positionals[0] !== 'accept-rollback') throw new UsageError('give accept-rollback');
    const reason = values.reason?.trim();
    if (!reason) throw new UsageError('--reason TEXT is required: it goes into the audit chain');
    const db = openDatabase(join(dataDir, 'fapiao.db'));
    try {
      attachEvidence(db);
      const fault = rolledBack(db);
      if (fault === undefined) {
        printJson({ ok: true, rolledBack: false });
        return EXIT.ok;
      }
      const recorded = recordRollback(db, 'store.rollback_accepted', 'it', reason);
      printJson({ ok: true, rolledBack: true, ...recorded });
      return EXIT.ok;
    } finally {
      await closeEvidence(db);
      closeDatabase(db);
    }
  },
};
