import { FapiaoError } from '../../../electron/contract/index.ts';

/** A failed call in the cashier's words. */
export function errorText(e: unknown): string {
  return e instanceof FapiaoError ? e.errors.map((x) => x.message_zh).join('；') : String(e);
}
