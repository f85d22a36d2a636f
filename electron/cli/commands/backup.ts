import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { appendAudit } from '../../core/store/audit.ts';
import { backupDatabase, latestBackup, listBackups, restoreDatabase } from '../../core/store/backup.ts';
import { openDatabase } from '../../core/store/db.ts';
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
      const at = Date.now();
      const info = await backupDatabase(db, file, at, 'manual');
      db.transaction(() => appendAudit(db, at, 'cli', 'store.backup', info.path, { reason: 'manual', bytes: info.bytes }))();
      printJson(info);
      return EXIT.ok;
    } finally {
      db.close();
    }
  },
};

export const restoreCommand: Command = {
  summary: 'replace the database with a backup (checked first; the replaced file is kept, never deleted). Close the app first',
  usage: 'fapiao restore <backup.db> | --latest',
  async run({ args, dataDir }) {
    const { values, positionals } = parseArgs({ args, options: { latest: { type: 'boolean' } }, allowPositionals: true });
    const file = join(dataDir, 'fapiao.db');
    const source = values.latest ? latestBackup(file) : positionals[0];
    if (source === undefined) throw new UsageError(values.latest ? 'no backup found' : 'give a backup file, or --latest');
    const result = restoreDatabase(file, source, Date.now());
    // Opening it runs the integrity check and any migration a newer app needs.
    openDatabase(file).close();
    printJson({ ...result, database: file });
    return EXIT.ok;
  },
};
