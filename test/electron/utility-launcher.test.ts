import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUtilitySandboxLauncher, type UtilityChildLike } from '../../electron/main/utility-launcher.ts';
import { nodeFork } from './node-fork.ts';
import { buildElectron } from '../../scripts/build-electron.ts';
import { tempDir } from '../support/tmp.ts';
import { bundleDir } from './build-dir.ts';

const out = bundleDir();
const data = tempDir('fapiao-sandbox-');
beforeAll(() => buildElectron({ outDir: out.path }));
afterAll(() => {
  out.remove();
  data.remove();
});

describe('utility-process sandbox launcher', () => {
  it('starts the bundled `fapiao sandbox`, reads its listening line, and stops it', async () => {
    const launch = createUtilitySandboxLauncher({ fork: nodeFork, entry: join(out.path, 'fapiao.cjs') });
    const sandbox = await launch(join(data.path, 'sandbox'), 0);
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(new URL('/v1/health', sandbox.url));
    expect(res.ok).toBe(true);
    await sandbox.stop();
    await expect(sandbox.exited).resolves.toBe(0);
  });

  it('accepts the listening announcement as a parent-port message too', async () => {
    const ee = new EventEmitter();
    const fake = {
      stdout: null,
      kill: () => true,
      postMessage: () => ee.emit('exit', 0),
      on: (e: string, l: (...a: unknown[]) => void) => ee.on(e, l),
      once: (e: string, l: (...a: unknown[]) => void) => ee.once(e, l),
      off: (e: string, l: (...a: unknown[]) => void) => ee.off(e, l),
    } as unknown as UtilityChildLike;
    const launch = createUtilitySandboxLauncher({ fork: () => fake, entry: 'x' });
    const started = launch('/d', 0);
    ee.emit('message', { event: 'listening', url: 'http://127.0.0.1:1', port: 1, adminToken: 't' });
    await expect(started).resolves.toMatchObject({ port: 1 });
  });

  it('fails when the process dies before listening', async () => {
    const ee = new EventEmitter();
    const fake = { stdout: null, kill: () => true, postMessage: () => undefined, on: ee.on.bind(ee), once: ee.once.bind(ee), off: ee.off.bind(ee) } as unknown as UtilityChildLike;
    const started = createUtilitySandboxLauncher({ fork: () => fake, entry: 'x' })('/d', 0);
    ee.emit('exit', 3);
    await expect(started).rejects.toThrow(/exited before listening \(code 3\)/);
  });
});
