import { useEffect } from 'react';
import type { EventName, EventPayload } from '../../../electron/contract/index.ts';

/** Subscribes to a core event for the component's lifetime. */
export function useFapiaoEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  useEffect(() => window.fapiao.on(event, listener), [event, listener]);
}
