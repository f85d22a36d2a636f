import { ChannelUnreachable, type ChannelBinding, type TaxChannel } from './client.ts';

/** The worker's one channel, re-pointed when the manager changes the channel or signer settings. */
export interface SwitchableChannel extends TaxChannel {
  /** Points at `channel`; `binding` says which invoices it may take (none given: any). */
  use(channel: TaxChannel, binding?: ChannelBinding): void;
}

export function switchableChannel(initial: TaxChannel): SwitchableChannel {
  let current = initial;
  let bound: ChannelBinding | undefined;
  return {
    use(channel, binding) {
      current = channel;
      bound = binding;
    },
    pin: () => ({ channel: current, binding: bound }),
    issue: (invoices, till) => current.issue(invoices, till),
    query: (orderNos) => current.query(orderNos),
    health: () => current.health(),
    unusableReason: () => current.unusableReason?.(),
    channelTime: () => current.channelTime?.(),
  };
}

/**
 * A channel that cannot be used yet (no key, no signer, still starting): invoices stay queued untouched
 * (never claimed, so a never-sent one can still be cancelled) until the settings are complete.
 */
export function unconfiguredChannel(reason: string): TaxChannel {
  const refuse = async (): Promise<never> => {
    throw new ChannelUnreachable(new Error(reason));
  };
  return { issue: refuse, query: refuse, health: async () => false, unusableReason: () => reason };
}
