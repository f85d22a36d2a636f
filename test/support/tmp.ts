import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh data folder for one test, removed afterwards. */
export function tempDir(prefix = 'fapiao-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    remove: () => {
      rmSync(path, { recursive: true, force: true });
      // The audit key file lives beside the data folder, never in it (store/audit-key.ts).
      rmSync(`${path}.keys`, { recursive: true, force: true });
    },
  };
}
