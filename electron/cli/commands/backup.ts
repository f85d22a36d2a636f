import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { appendAudit } from '../../core/store/audit.ts';
import { backupDatabase, latestBackup, listBackups, restoreDatabase } from '../../core/store/backup.ts';
import { closeDatabase, openDatabase } from '../../core/store/db.ts';
import { guardStorage } from '../../core/store/faults.ts';
import { attachEvidence, closeEvidence, keepReplacedMark, recordRollback } from '../../core/store/evidence.ts';
import { FapiaoError, appError } from '../../contract/index.ts';
import { EXIT, UsageError, printJson, type Command } from '../io.ts';

export const backupCommand: Command = {
  summary: 'make an online backup of the database now (SQLite backup API), or list the backups',
  usage: 'fapiao backup [--list]',
  async run({ args, dataDir }) {
    const file = join(dataDir, 'fapiao.db');
    if (args.includes('--list')) {
      printJson(listBackups(file));
      return EXIT.ok;
    }
    const db = openDatabase(file);
    try {
      attachEvidence(db);
      const at = Date.now();
      const info = await backupDatabase(db, file, at, 'manual');
      // A full or read-only disk answers as a JSON error code (STORE_FULL / STORE_READONLY), never a stack trace.
      guardStorage(() => db.transaction(() => appendAudit(db, at, 'cli', 'store.backup', info.path, { reason: 'manual', bytes: info.bytes }))(), file);
      printJson(info);
      return EXIT.ok;
    } finally {
      await closeEvidence(db);
      closeDatabase(db);
    }
  },
};

export const restoreCommand: Command = {
  summary: 'replace the database with a backup (checked first; the replaced file is kept, never deleted). Close the app first',
  usage: 'fapiao restore <backup.db> | --latest [--reason TEXT]   (recorded: the gap of sequence numbers since the backup stays known)',
  async run({ args, dataDir }) {
    const { values, positionals } = parseArgs({ args, options: { latest: { type: 'boolean' }, reason: { type: 'string' } }, allowPositionals: true });
    const file = join(dataDir, 'fapiao.db');
    const source = values.latest ? latestBackup(file) : positionals[0];
    if (source === undefined && values.latest)
      throw new FapiaoError([appError('NO_BACKUP', `数据目录中没有备份：${dataDir}`, `No backup found in ${dataDir}`)]);
    if (source === undefined) throw new UsageError('give a backup file, or --latest');
    const result = restoreDatabase(file, source, Date.now());
    if (result.keptAs !== undefined) keepReplacedMark(file, result.keptAs);
    // Opening it runs the integrity check and any migration a newer app needs. A backup is behind the
    // high-water mark by design: the restore is recorded as deliberate (store.restored, with the gap of
    // sequence numbers whose invoices the channel holds) and the mark moves to the restored database.
    const db = openDatabase(file);
    try {
      attachEvidence(db);
      const recorded = recordRollback(db, 'store.restored', 'it', values.reason ?? `restore from ${source}`, source);
      printJson({ ...result, database: file, gap: recorded.gap, highWater: recorded.highWater });
      return EXIT.ok;
    } finally {
      await closeEvidence(db);
      closeDatabase(db);
    }
  },
};
