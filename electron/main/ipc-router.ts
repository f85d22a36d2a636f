import { appError, callChannel, callNames, eventChannel, eventNames, type EventName, type EventPayload, type Reply } from '../contract/index.ts';
import type { Dispatch } from '../core/dispatch.ts';
import type { SenderLike } from './sender.ts';

/** The slice of Electron's ipcMain the router uses; tests pass a recorder. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcRouterOptions {
  ipcMain: IpcMainLike;
  dispatch: Dispatch;
  isTrustedSender: (event: SenderLike) => boolean;
  log?: (msg: string) => void;
}

export const FORBIDDEN_REPLY: Reply = {
  ok: false,
  errors: [appError('FORBIDDEN_SENDER', '拒绝来自未授权页面的调用', 'Call refused: the sender is not the app window')],
};

/**
 * One `ipcMain.handle` per contract call. Every call checks its sender first, then goes through the
 * dispatcher, which validates the payload against the contract's schema before any handler runs.
 * Returns a function removing the handlers (window re-creation, tests).
 */
export function registerIpcRouter(o: IpcRouterOptions): () => void {
  const channels: string[] = [];
  for (const name of callNames) {
    const channel = callChannel(name);
    o.ipcMain.handle(channel, async (event, ...args) => {
      if (!o.isTrustedSender(event)) {
        o.log?.(`ipc: refused ${name} from ${event.senderFrame?.url ?? 'unknown frame'}`);
        return FORBIDDEN_REPLY;
      }
      // The contract sends exactly one argument; anything else is malformed.
      if (args.length !== 1)
        return {
          ok: false,
          errors: [appError('BAD_REQUEST', '请求数据有误', `Bad request: expected 1 argument, got ${args.length}`)],
        } satisfies Reply;
      return o.dispatch(name, args[0]);
    });
    channels.push(channel);
  }
  return () => {
    for (const c of channels) o.ipcMain.removeHandler(c);
  };
}

/** Core's events, as the shell sees them. */
export interface EventSource {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/**
 * Forwards every contract event to the window. `send` is a no-op while there is no live window (e.g.
 * between a renderer crash and its reload); the renderer asks for current state when it loads.
 */
export function forwardEvents(source: EventSource, send: (channel: string, payload: unknown) => void): () => void {
  const offs = eventNames.map((name) => source.on(name, (payload) => send(eventChannel(name), payload)));
  return () => {
    for (const off of offs) off();
  };
}
