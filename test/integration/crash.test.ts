import { fork, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { openCore } from '../../electron/core/core.ts';
import { seededRandom } from '../../electron/core/outbox/backoff.ts';
import { verifyAudit } from '../../electron/core/store/audit.ts';
import { FAST_WORKER, testConfig } from '../support/core.ts';
import { queueEvent } from '../support/events.ts';
import { sandboxInvoices, sandboxWithChannel } from '../support/sandbox.ts';
import { tempDir } from '../support/tmp.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const KILLS = Number(process.env.FAPIAO_CRASH_KILLS ?? 200);
const SEED = Number(process.env.FAPIAO_CRASH_SEED ?? 4242);

/** Runs one child until it is killed; resolves with the orders it reported as accepted. */
function runChild(dataDir: string, url: string, replyKeyHex: string, runId: number, random: () => number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const accepted: string[] = [];
    const child: ChildProcess = fork(CHILD, [dataDir, url, String(runId), replyKeyHex], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // Compiled code cached across the restarts: a restart costs ~0.3 s instead of ~0.5 s.
      env: { ...process.env, NODE_COMPILE_CACHE: join(tmpdir(), 'fapiao-crash-compile-cache') },
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    // Half the kills land right after a commit was reported, half at a random instant (mid-request, mid-write).
    const onMessage = random() < 0.5 ? Math.floor(random() * 6) : -1;
    const killAfterMs = Math.floor(random() * 120);
    const kill = () => child.kill('SIGKILL');
    child.on('message', (m: { type: string; orderNo?: string }) => {
      if (m.type === 'ready' && onMessage < 0) setTimeout(kill, killAfterMs);
      if (m.type === 'accepted') {
        accepted.push(m.orderNo!);
        if (accepted.length - 1 === onMessage) kill();
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(accepted);
      else reject(new Error(`child ended by itself (code ${code}): ${stderr}`));
    });
  });
}

describe('crash test: SIGKILL a issuing, syncing till at random moments', () => {
  const cleanups = cleanupsAfterEach();

  test(`${KILLS} kills: every accepted order exists exactly once at the channel, nothing unsent, audit verifies`, { timeout: 400_000 }, async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const { sandbox, channel, replyKeyHex } = await sandboxWithChannel(data.path, 0, { faults: 'seed=7,latency=0-20,after=0.05,dup=0.05,busy=0.05' });
    cleanups.push(() => sandbox.stop());
    const random = seededRandom(SEED);

    const accepted: string[] = [];
    for (let run = 0; run < KILLS; run++) accepted.push(...(await runChild(data.path, sandbox.url, replyKeyHex, run, random)));
    expect(accepted.length).toBeGreaterThan(KILLS / 2);

    // Restart once more and let it finish: leases of killed processes run out, unknown outcomes are queried.
    const core = openCore({ dataDir: data.path, config: testConfig(), channel, worker: { ...FAST_WORKER, leaseMs: 500 } });
    cleanups.push(() => core.close());
    await queueEvent(core, (s) => s.pending === 0, 60_000);

    const atSandbox = await sandboxInvoices(sandbox);
    const count = new Map<string, number>();
    for (const i of atSandbox) count.set(i.orderNo, (count.get(i.orderNo) ?? 0) + 1);
    for (const orderNo of accepted) expect(count.get(orderNo), orderNo).toBe(1);
    const local = core.db.prepare('SELECT order_no, status, number FROM invoices').all() as Array<{ order_no: string; status: string; number: string | null }>;
    expect(local.every((r) => r.status === 'issued')).toBe(true);
    expect(atSandbox).toHaveLength(local.length);
    const numbers = new Map(atSandbox.map((i) => [i.orderNo, i.number]));
    for (const r of local) expect(r.number).toBe(numbers.get(r.order_no));
    expect((core.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n).toBe(0);
    expect(verifyAudit(core.db).ok).toBe(true);
  });
});
