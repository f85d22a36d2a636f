import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openCore } from '../../electron/core/core.ts';
import { createHttpChannel } from '../../electron/core/channel/client.ts';
import { createSoftSigner, generateSoftKey } from '../../electron/core/signer/soft-signer.ts';
import { testConfig } from '../support/core.ts';
import { sampleDraft } from '../support/drafts.ts';
import { tempDir } from '../support/tmp.ts';
import { percentile, sample } from './stats.ts';

/** Draft handed to core until its transaction has committed (WAL, synchronous=FULL), on a real file. */
export async function run(): Promise<Record<string, number>> {
  const data = tempDir('fapiao-bench-');
  try {
    // The disk's own fdatasync latency: the physical floor for a durable commit.
    const fd = openSync(join(data.path, 'fsync.bin'), 'w');
    const block = Buffer.alloc(4096, 1);
    const fsyncs = await sample(300, () => {
      writeSync(fd, block);
      fdatasyncSync(fd);
    });
    closeSync(fd);

    const core = openCore({
      dataDir: data.path,
      config: testConfig(),
      channel: createHttpChannel({ baseUrl: 'http://127.0.0.1:9', appId: 'bench', sm4KeyHex: '0'.repeat(32), replyKeyHex: generateSoftKey().publicKeyHex }, createSoftSigner(generateSoftKey())),
      autoSync: false,
    });
    const issues = await sample(2_000, async (i) => {
      const r = await core.handlers.issueInvoice(sampleDraft(`B${i}`));
      if (!r.ok) throw new Error('bench draft invalid');
    });
    await core.close();
    return {
      issue_to_durable_p50_ms: percentile(issues, 50),
      // With nothing draining; queue.bench.ts reports issue_to_durable_p99_ms while the worker drains a backlog.
      issue_to_durable_idle_p99_ms: percentile(issues, 99),
      fsync_p50_ms: percentile(fsyncs, 50),
    };
  } finally {
    data.remove();
  }
}
