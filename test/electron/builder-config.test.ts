import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// electron-builder's own loader and JSON-schema validation (what `electron-builder` runs first); no packaging.
const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
type Config = Record<string, unknown> & {
  nsis: Record<string, unknown>;
  win: { target: { target: string; arch: string[] }[] };
  electronFuses: Record<string, boolean>;
  extraResources: { from: string; filter: string[] }[];
  publish: { provider: string; url: string }[] | null;
};
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<Config>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
// The glob matcher electron-builder itself resolves, so the exclusion check matches packaging.
const { minimatch } = createRequire(require.resolve('app-builder-lib/package.json'))('minimatch') as {
  minimatch(path: string, pattern: string): boolean;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const load = (file: string) => getConfig(root, file, null);
const validate = (c: unknown) => validateConfiguration(c, new DebugLogger(false));

describe('electron-builder.yml (release)', async () => {
  const config = await load('electron-builder.yml');

  it('passes electron-builder schema validation', async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('the validator is live: a misspelt option is rejected', async () => {
    await expect(validate({ ...config, nsis: { ...config.nsis, oneClik: false } })).rejects.toThrow(/configuration/);
  });

  it('builds an NSIS installer for Windows x64, zh_CN and en_US, per user by default', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowElevation: true,
      createDesktopShortcut: 'always',
      createStartMenuShortcut: true,
      deleteAppDataOnUninstall: false,
    });
    expect(config.nsis.installerLanguages).toEqual(['zh_CN', 'en_US']);
  });

  it('ships only the bundles, unpacks native modules and never rebuilds them', () => {
    // electron-builder's loader normalises `files` into file sets.
    const files = (config.files as { filter: string[] }[]).flatMap((f) => f.filter);
    expect(files.slice(0, 3)).toEqual(['dist/**', 'package.json', '!dist/**/*.map']);
    expect(files.filter((f) => !f.startsWith('!'))).toEqual(['dist/**', 'package.json']);
    // The exclusions drop sources and foreign binaries, never what the x64 Windows app loads.
    const winFiles = (config.win as unknown as { files: string[] }).files;
    const excluded = (path: string) => [...files, ...winFiles].some((f) => f.startsWith('!') && minimatch(path, f.slice(1)));
    for (const keep of [
      'dist/electron/main.cjs',
      'dist/renderer/index.html',
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/better-sqlite3/prebuilds/win32-x64.node',
      'node_modules/node-hid/prebuilds/HID-win32-x64/node-napi-v4.node',
      'node_modules/node-hid/nodehid.js',
    ])
      expect(excluded(keep), keep).toBe(false);
    for (const drop of [
      'dist/electron/main.cjs.map',
      'dist/test-electron-abc/main.cjs',
      'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c',
      'node_modules/better-sqlite3/prebuilds/linux-x64.node',
      'node_modules/better-sqlite3/prebuilds/darwin-arm64.node',
      'node_modules/node-hid/prebuilds/HID-linux-x64/node-napi-v4.node',
      'node_modules/node-hid/prebuilds/HID_hidraw-linux-x64/node-napi-v4.node',
      'node_modules/node-hid/prebuilds/HID-win32-ia32/node-napi-v4.node',
    ])
      expect(excluded(drop), drop).toBe(true);
    expect(config.asarUnpack).toEqual(['node_modules/better-sqlite3/**', 'node_modules/node-hid/**']);
    expect(config.npmRebuild).toBe(false);
    // Beside the asar (resources/), `to: .` normalised away by the loader.
    expect(config.extraResources).toEqual([{ from: 'resources', filter: ['tax-classification-codes.*', 'ukey-profiles/**'] }]);
  });

  it('flips the release fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('publishes to a generic HTTPS server (auto-update itself is a setting, off by default)', () => {
    expect(config.publish).toHaveLength(1);
    expect(config.publish![0]!.provider).toBe('generic');
    expect(config.publish![0]!.url).toMatch(/^https:\/\//);
  });
});

describe('build/electron-builder.test.yml (Playwright build)', async () => {
  const config = await load('build/electron-builder.test.yml');

  it('passes validation', async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('inherits the release config but keeps the inspector Playwright drives main through', () => {
    expect(config.asarUnpack).toEqual(['node_modules/better-sqlite3/**', 'node_modules/node-hid/**']);
    expect(config.electronFuses.enableNodeCliInspectArguments).toBe(true);
    expect(config.electronFuses.runAsNode).toBe(false);
    expect(config.electronFuses.onlyLoadAppFromAsar).toBe(true);
    expect(config.publish).toBeNull();
  });
});
