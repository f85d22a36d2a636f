/**
 * The crash test's till: issues invoices in a loop while its worker syncs, and reports each order as
 * soon as issueInvoice has returned (durably committed). The test SIGKILLs it at random moments.
 * argv: dataDir sandboxUrl runId sandboxReplyKey
 */
import { createHttpChannel } from '../../electron/core/channel/client.ts';
import { loadSandboxCredentials } from '../../electron/core/config.ts';
import { openCore } from '../../electron/core/core.ts';
import { createSoftSigner } from '../../electron/core/signer/soft-signer.ts';
import { FAST_WORKER, testConfig } from '../support/core.ts';
import { sampleDraft } from '../support/drafts.ts';

const [dataDir, url, runId, replyKeyHex] = process.argv.slice(2) as [string, string, string, string];
const creds = loadSandboxCredentials(dataDir);
const channel = createHttpChannel({ baseUrl: url, appId: creds.appId, sm4KeyHex: creds.sm4KeyHex, replyKeyHex, timeoutMs: 2_000 }, createSoftSigner(creds));
const core = openCore({ dataDir, config: testConfig(), channel, worker: { ...FAST_WORKER, batchSize: 10, leaseMs: 500 } });
process.send!({ type: 'ready' });
for (let i = 0; ; i++) {
  const orderNo = `K-${runId}-${i}`;
  const r = await core.handlers.issueInvoice(sampleDraft(orderNo));
  if (!r.ok) throw new Error(`issue refused: ${JSON.stringify(r.errors)}`);
  process.send!({ type: 'accepted', orderNo });
  // Let the worker's requests and replies interleave with issuing.
  await new Promise((resolve) => setImmediate(resolve));
}
