import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { getInvoice } from '../../../electron/core/store/invoices.ts';
import { openOfflineCore } from '../../support/core.ts';
import { tempDir } from '../../support/tmp.ts';

const CHILD = fileURLToPath(new URL('./last-resort-child.ts', import.meta.url));

function run(dataDir: string, how: 'throw' | 'reject'): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD, dataDir, how], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.once('close', (code) => resolve({ code, err }));
  });
}

describe('the last-resort handler', () => {
  test.each(['throw', 'reject'] as const)('an uncaught %s is logged, core is closed (database checkpointed) and the process exits 1', async (how) => {
    const data = tempDir();
    try {
      const { code, err } = await run(data.path, how);
      expect(code).toBe(1);
      expect(err).toMatch(how === 'throw' ? /fatal uncaughtException: Error: boom from a timer/ : /fatal unhandledRejection: Error: boom from a promise/);
      // Closed cleanly: the WAL was checkpointed into the database and removed, as on a normal shutdown.
      expect(existsSync(join(data.path, 'fapiao.db-wal'))).toBe(false);
      const core = openOfflineCore(data.path);
      expect(getInvoice(core.db, 'LR-1')).toBeDefined();
      await core.close();
    } finally {
      data.remove();
    }
  });
});
