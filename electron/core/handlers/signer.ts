import type { signerCalls } from '../../contract/index.ts';
import type { CoreContext, HandlersFor } from './context.ts';

export function signerHandlers({ signer }: CoreContext): HandlersFor<keyof typeof signerCalls> {
  return {
    signerStatus: async () => signer.status(),
    unlockSigner: async ({ pin }) => signer.unlock(pin),
  };
}
