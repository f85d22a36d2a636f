import { callNames, type CallName, type CallRequest, type CallResponse, type EventName, type EventPayload } from './calls.ts';
import { AppErrorSchema, FapiaoError } from './errors.ts';
import { z } from 'zod';

/** What the renderer sees as `window.fapiao`: one typed function per call, and event subscription. */
export type FapiaoApi = { [N in CallName]: (request: CallRequest<N>) => Promise<CallResponse<N>> } & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** The envelope every transport (IPC, WebSocket) carries a call's answer in. */
export const ReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), errors: z.array(AppErrorSchema) }),
]);
export type Reply = z.infer<typeof ReplySchema>;

export type Invoke = (name: CallName, request: unknown) => Promise<Reply>;
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

/** Builds the typed API from a transport; preload and the browser bridge both use it, so they match. */
export function buildApi(invoke: Invoke, subscribe: Subscribe): FapiaoApi {
  const api: Record<string, unknown> = {};
  for (const name of callNames) {
    api[name] = async (request: unknown) => {
      const reply = await invoke(name, request ?? {});
      if (!reply.ok) throw new FapiaoError(reply.errors);
      return reply.value;
    };
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => subscribe(event, listener);
  return api as FapiaoApi;
}
