/**
 * A process running core that then fails in a way nobody catches (argv: dataDir, 'throw' | 'reject').
 * With the last-resort handler it logs, closes core (database checkpointed and closed) and exits 1.
 */
import { installLastResort } from '../../../electron/core/last-resort.ts';
import { openOfflineCore } from '../../support/core.ts';
import { sampleDraft } from '../../support/drafts.ts';

const [dataDir, how] = process.argv.slice(2) as [string, 'throw' | 'reject'];
installLastResort();
const core = openOfflineCore(dataDir);
const r = await core.handlers.issueInvoice(sampleDraft('LR-1'));
if (!r.ok) throw new Error('the sample must be accepted');
process.stdout.write('issued\n');
if (how === 'throw')
  setTimeout(() => {
    throw new Error('boom from a timer');
  });
else void Promise.reject(new Error('boom from a promise'));
