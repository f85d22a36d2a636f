import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where the electron package's binary is, or undefined when it was not installed
 * (ELECTRON_SKIP_BINARY_DOWNLOAD=1). Same lookup as node_modules/electron/index.js, without
 * require('electron'), which would try to download a missing binary.
 */
export function electronBinary(): string | undefined {
  let pkg: string;
  try {
    pkg = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const exe = readFileSync(pathFile, 'utf8').trim();
  const full = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, exe) : join(pkg, 'dist', exe);
  return existsSync(full) ? full : undefined;
}
