import { join } from 'node:path';

/** Where the shell's files are, given the folder of the bundled main.cjs (dist/electron). */
export function shellPaths(o: { bundleDir: string; dataDir: string; resourcesPath: string; packaged: boolean }) {
  return {
    preload: join(o.bundleDir, 'preload.cjs'),
    sandboxEntry: join(o.bundleDir, 'fapiao.cjs'),
    renderer: join(o.bundleDir, '..', 'renderer'),
    /** Packaged: electron-builder's extraResources; development: the repository's resources/. */
    taxCodes: o.packaged
      ? join(o.resourcesPath, 'tax-classification-codes.csv')
      : join(o.bundleDir, '..', '..', 'resources', 'tax-classification-codes.csv'),
    /** UKey device profiles, likewise. */
    ukeyProfiles: o.packaged ? join(o.resourcesPath, 'ukey-profiles') : join(o.bundleDir, '..', '..', 'resources', 'ukey-profiles'),
    /** Chromium's profile (cache, local storage), kept apart from the invoices. */
    chromiumProfile: join(o.dataDir, 'shell'),
    logs: join(o.dataDir, 'logs'),
    secrets: join(o.dataDir, 'secrets'),
  };
}
