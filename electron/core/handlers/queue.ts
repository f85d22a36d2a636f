import type { queueCalls } from '../../contract/index.ts';
import type { CoreContext, HandlersFor } from './context.ts';

export function queueHandlers({ worker, queueStatus }: CoreContext): HandlersFor<keyof typeof queueCalls> {
  return {
    queueStatus: async () => queueStatus(),
    syncNow: async () => {
      worker.kick();
      await worker.whenIdle();
      return queueStatus();
    },
  };
}
