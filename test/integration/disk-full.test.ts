import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FapiaoError } from '../../electron/contract/index.ts';
import { openCore } from '../../electron/core/core.ts';
import { RESERVE_BYTES, reservePath } from '../../electron/core/store/reserve.ts';
import { FAST_WORKER, openBusyCore, testConfig, tryExec } from '../support/core.ts';
import { sampleDraft } from '../support/drafts.ts';
import { sandboxWithChannel } from '../support/sandbox.ts';
import { tempDir } from '../support/tmp.ts';
import { cleanupsAfterEach, type Cleanup } from '../support/cleanups.ts';

const CLI = 'electron/cli/fapiao.ts';


/**
 * A real small disk: a tmpfs of `mb` MiB (root only). Undefined when mounting is not permitted here;
 * the test then skips and says why.
 */
function smallDisk(cleanups: Cleanup[], mb: number): string | undefined {
  const mnt = tempDir('fapiao-disk-');
  cleanups.push(() => mnt.remove());
  if (!tryExec('mount', ['-t', 'tmpfs', '-o', `size=${mb}m,mode=0700`, 'tmpfs', mnt.path])) return undefined;
  cleanups.push(() => void tryExec('umount', ['-l', mnt.path]));
  return mnt.path;
}

/** Fills the disk to the last byte with another program's file (what a full disk looks like to the till). */
function fill(dir: string, name = 'other-program.bin'): string {
  const file = join(dir, name);
  const fd = openSync(file, 'w');
  for (const size of [1 << 20, 4096, 1]) {
    const buf = Buffer.alloc(size, 7);
    try {
      for (;;) writeSync(fd, buf);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    }
  }
  closeSync(fd);
  return file;
}

function fapiao(dataDir: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, '--data', dataDir, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A CLI answer that is one JSON error with this code, and no stack trace anywhere. */
function expectJsonError(r: { code: number | null; out: string; err: string }, code: string): void {
  expect(r.code, r.out + r.err).toBe(1);
  expect(r.err + r.out).not.toMatch(/\n\s+at /);
  const body = JSON.parse(r.out) as { ok: boolean; errors: Array<{ code: string }> };
  expect(body.ok).toBe(false);
  expect(body.errors.map((e) => e.code)).toContain(code);
}

const NO_MOUNT = 'mounting a tmpfs is not permitted here (needs root): the full-disk path is not exercised';

describe('a full disk: the reserve keeps the till able to record replies and back up', () => {
  const cleanups = cleanupsAfterEach();

  test('STORE_FULL frees the reserve: replies are recorded, a backup is written, new invoices wait; space back → issuing resumes', async (ctx) => {
    const disk = smallDisk(cleanups, 40);
    if (disk === undefined) return ctx.skip(NO_MOUNT);
    const outside = tempDir('fapiao-sandbox-');
    cleanups.push(() => outside.remove());
    const { sandbox, channel } = await sandboxWithChannel(disk, 0, { dir: outside.path });
    cleanups.push(() => sandbox.stop());
    const core = openCore({ dataDir: disk, config: testConfig(), channel, autoSync: false, worker: FAST_WORKER });
    cleanups.push(() => core.close().catch(() => undefined));
    const file = join(disk, 'fapiao.db');
    expect(statSync(reservePath(file)).size).toBe(RESERVE_BYTES);

    for (let i = 0; i < 20; i++) expect((await core.handlers.issueInvoice(sampleDraft(`R${i}`))).ok).toBe(true);
    const filler = fill(disk);

    // The cashier goes on until the disk refuses: STORE_FULL, nothing half-written.
    let fault: FapiaoError | undefined;
    let issued = 20;
    for (let i = 0; i < 5_000 && fault === undefined; i++) {
      try {
        if ((await core.handlers.issueInvoice(sampleDraft(`F${i}`))).ok) issued++;
      } catch (err) {
        if (!(err instanceof FapiaoError)) throw err;
        fault = err;
      }
    }
    expect(fault?.code).toBe('STORE_FULL');
    expect(existsSync(reservePath(file))).toBe(false);
    // New invoices wait for space, with the same clear code (no exception, nothing written).
    const refused = await core.handlers.issueInvoice(sampleDraft('WAIT-1'));
    expect(refused.ok).toBe(false);
    expect(refused.ok ? undefined : refused.errors[0]!.code).toBe('STORE_FULL');
    expect(core.queueStatus().blocked?.code).toBe('STORE_FULL');

    // In the room the reserve left, the platform's replies to everything queued are recorded…
    core.worker.start();
    const status = await core.handlers.syncNow({});
    expect(status.pending).toBe(0);
    expect((await core.handlers.listInvoices({ status: 'issued', limit: 500 })).length).toBe(issued);
    // …and a backup of the (small) store is written.
    const backup = await core.handlers.backupNow({ reason: 'manual' });
    expect(statSync(backup.path).size).toBeGreaterThan(0);

    // IT frees space: the reserve is made again and the next sale goes through.
    rmSync(filler);
    expect((await core.handlers.issueInvoice(sampleDraft('AFTER-1'))).ok).toBe(true);
    expect(statSync(reservePath(file)).size).toBe(RESERVE_BYTES);
    expect(core.queueStatus().blocked).toBeUndefined();
  });

  test('fapiao backup, sync and doctor answer a full disk with STORE_FULL as JSON, never a stack trace', async (ctx) => {
    const disk = smallDisk(cleanups, 40);
    if (disk === undefined) return ctx.skip(NO_MOUNT);
    const core = openBusyCore(disk);
    for (let i = 0; i < 10; i++) await core.handlers.issueInvoice(sampleDraft(`C${i}`));
    await core.close();
    fill(disk);

    // The reserve makes room for one backup of this small store…
    const first = fapiao(disk, ['backup']);
    expect(first.code, first.out + first.err).toBe(0);
    expect(existsSync(reservePath(join(disk, 'fapiao.db')))).toBe(false);
    // …the disk fills up again, and with the reserve used up: a clear code, as JSON.
    fill(disk, 'more.bin');
    expectJsonError(fapiao(disk, ['backup']), 'STORE_FULL');
    expectJsonError(fapiao(disk, ['sync']), 'STORE_FULL');
    const doctor = fapiao(disk, ['doctor']);
    expect(doctor.code).toBe(1);
    const report = JSON.parse(doctor.out) as { ok: boolean; store: { problems: Array<{ code: string }> } };
    expect(report.ok).toBe(false);
    expect(report.store.problems.map((p) => p.code)).toContain('STORE_FULL');
  });

  test('fapiao backup, sync and doctor answer a read-only data folder with STORE_READONLY as JSON', async (ctx) => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const core = openBusyCore(data.path);
    await core.handlers.issueInvoice(sampleDraft('RO-1'));
    await core.close();
    const ro = tempDir('fapiao-ro-');
    cleanups.push(() => ro.remove());
    mkdirSync(ro.path, { recursive: true });
    if (!tryExec('mount', ['--bind', data.path, ro.path])) return ctx.skip(NO_MOUNT);
    cleanups.push(() => void tryExec('umount', ['-l', ro.path]));
    if (!tryExec('mount', ['-o', 'remount,bind,ro', ro.path])) return ctx.skip(NO_MOUNT);

    expectJsonError(fapiao(ro.path, ['backup']), 'STORE_READONLY');
    expectJsonError(fapiao(ro.path, ['sync']), 'STORE_READONLY');
    const doctor = fapiao(ro.path, ['doctor']);
    expect(doctor.code).toBe(1);
    const report = JSON.parse(doctor.out) as { ok: boolean; store: { problems: Array<{ code: string }> } };
    expect(report.store.problems.map((p) => p.code)).toContain('STORE_READONLY');
  });
});
