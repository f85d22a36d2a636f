import { calls, FapiaoError, appError, type CallName, type Reply } from '../contract/index.ts';
import type { Handlers } from './handlers/context.ts';
import { issueCode, issueZh, pathOf } from './schema-issues.ts';

export type Dispatch = (name: string, payload: unknown) => Promise<Reply>;

/**
 * Validates a call against the contract and runs its handler. Used by every shell that takes calls
 * from outside the process (Electron IPC, the headless host). Unknown faults never leak details.
 */
export function createDispatcher(handlers: Handlers, log: (msg: string) => void = console.error): Dispatch {
  return async (name, payload) => {
    if (!Object.hasOwn(calls, name))
      return { ok: false, errors: [appError('UNKNOWN_CALL', `未知调用 ${name}`, `Unknown call ${name}`)] };
    const call = name as CallName;
    const parsed = calls[call].request.safeParse(payload);
    if (!parsed.success)
      return {
        ok: false,
        errors: parsed.error.issues.map((i) =>
          appError(issueCode(i, 'BAD_REQUEST'), `请求数据有误（${pathOf(i.path) || name}）：${issueZh(i, payload)}`, `Bad request: ${i.message}`, pathOf(i.path) || undefined),
        ),
      };
    try {
      const handler = handlers[call] as (req: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (err) {
      if (err instanceof FapiaoError) return { ok: false, errors: err.errors };
      log(`call ${call} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return { ok: false, errors: [appError('INTERNAL', '内部错误，请联系技术支持', 'Internal error; contact support')] };
    }
  };
}
