import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A scratch output folder at the same depth as dist/electron (dist/test-electron-XXXX), so a test
 * build resolves node_modules and the repository's resources/ exactly as the real one does.
 */
export function bundleDir(): { path: string; remove(): void } {
  const dist = fileURLToPath(new URL('../../dist', import.meta.url));
  mkdirSync(dist, { recursive: true });
  const path = mkdtempSync(join(dist, 'test-electron-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
