import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

/** Runs a script in a fresh Node that records every module specifier resolved, and prints whether node-hid was among them. */
function nodeHidResolved(body: string): boolean {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = new Set();
    registerHooks({ resolve(specifier, context, next) { seen.add(specifier); return next(specifier, context); } });
    ${body}
    process.stdout.write(JSON.stringify(seen.has('node-hid')));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' })) as boolean;
}

describe('node-hid is loaded lazily, only by the UKey source', () => {
  it('importing the signers and signing through the emulator never loads node-hid', () => {
    const loaded = nodeHidResolved(`
      const { createUKeySigner, createSoftSigner, generateSoftKey } = await import('./electron/core/signer/index.ts');
      const { UKeyEmulator } = await import('./native/emulator/ukey-emulator.ts');
      await createSoftSigner(generateSoftKey()).sign(new Uint8Array(3));
      const emu = new UKeyEmulator();
      const s = createUKeySigner({ loadHid: emu.loader });
      await s.unlock('123456');
      await s.sign(new Uint8Array(3));
      await s.close();
    `);
    expect(loaded).toBe(false);
  });

  it('the default loader imports it on first use', () => {
    const loaded = nodeHidResolved(`
      const { loadNodeHid } = await import('./native/hid.ts');
      await loadNodeHid().catch(() => undefined); // may fail where libusb is missing; the import was still attempted
    `);
    expect(loaded).toBe(true);
  });
});
