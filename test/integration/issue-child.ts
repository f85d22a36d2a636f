/**
 * A second till process for the order-number race: opens the data folder, says `ready`, and on `go` issues
 * one draft (the T-shirt sale with the quantity given), answering with the result.
 * argv: dataDir orderNo quantity
 */
import { openOfflineCore } from '../support/core.ts';
import { sampleDraft } from '../support/drafts.ts';

const [dataDir, orderNo, quantity] = process.argv.slice(2) as [string, string, string];
const core = openOfflineCore(dataDir);
process.on('message', async () => {
  const draft = sampleDraft(orderNo, { lines: [{ name: 'T恤', taxCode: '1040201100000000000', quantity, unitPrice: '99.00', rate: '0.13' }] });
  const result = await core.handlers.issueInvoice(draft);
  await core.close();
  process.send!({ type: 'result', result }, () => process.exit(0));
});
process.send!({ type: 'ready' });
