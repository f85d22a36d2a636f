import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyStore } from '../../core/store/audit-verify.ts';
import { attachEvidence } from '../../core/store/evidence.ts';
import { exportAuditArchive, verifyAuditArchive } from '../../core/store/audit-archive.ts';
import { openDatabase } from '../../core/store/db.ts';
import { EXIT, UsageError, printJson, type Command } from '../io.ts';

function options(args: string[]) {
  try {
    return parseArgs({
      args,
      options: { archive: { type: 'string' }, 'from-year': { type: 'string' }, 'to-year': { type: 'string' }, out: { type: 'string' } },
      allowPositionals: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

const year = (v: string | undefined, name: string): number => {
  if (v === undefined || !/^\d{4}$/.test(v)) throw new UsageError(`${name} takes a year such as 2024`);
  return Number(v);
};

/** The audit chain: verify it (names the first bad entry), export past years to an archive, verify an archive. */
export const auditCommand: Command = {
  summary: 'verify the audit chain (hashes, MACs, invoice content, sequence, high-water mark), or export past years to an archive and verify it',
  usage:
    'fapiao audit verify [--archive FILE]   exit 0 intact, 1 with {"problems":[{"kind","seq"|"orderNo"|"tillSeq","reason"}]}\n             fapiao audit export --from-year 2024 [--to-year 2025] --out FILE   (deletes nothing)',
  async run({ args, dataDir }) {
    const { values, positionals } = options(args);
    const [action] = positionals;
    if (action === 'verify') {
      if (values.archive !== undefined) {
        const verdict = verifyAuditArchive(values.archive);
        printJson(verdict);
        return verdict.ok ? EXIT.ok : EXIT.failed;
      }
      const db = openDatabase(join(dataDir, 'fapiao.db'));
      try {
        // Looks only: never makes a key, keys the chain or moves the high-water file.
        attachEvidence(db, { inspectOnly: true });
        const verdict = await verifyStore(db);
        printJson(verdict);
        return verdict.ok ? EXIT.ok : EXIT.failed;
      } finally {
        db.close();
      }
    }
    if (action === 'export') {
      const from = year(values['from-year'], '--from-year');
      const to = values['to-year'] === undefined ? from : year(values['to-year'], '--to-year');
      if (values.out === undefined) throw new UsageError('--out FILE is required');
      const db = openDatabase(join(dataDir, 'fapiao.db'));
      try {
        const result = exportAuditArchive(db, from, to, values.out, Date.now());
        const verdict = verifyAuditArchive(values.out, db);
        printJson({ file: values.out, ...result, verified: verdict.ok });
        return verdict.ok ? EXIT.ok : EXIT.failed;
      } finally {
        db.close();
      }
    }
    throw new UsageError('give verify or export');
  },
};
