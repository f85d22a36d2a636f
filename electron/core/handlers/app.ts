import type { appCalls } from '../../contract/index.ts';
import { APP_VERSION } from '../version.ts';
import type { CoreContext, HandlersFor } from './context.ts';

export function appHandlers({ config }: CoreContext): HandlersFor<keyof typeof appCalls> {
  return {
    appInfo: async () => ({
      version: APP_VERSION,
      channelMode: config.channelMode,
      seller: { name: config.seller.name, taxId: config.seller.taxId, taxpayerType: config.seller.taxpayerType },
    }),
  };
}
