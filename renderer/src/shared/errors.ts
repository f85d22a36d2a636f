import { FapiaoError, type AppError } from '../../../electron/contract/index.ts';

/** A failed call in the cashier's words. */
export function errorText(e: unknown): string {
  return e instanceof FapiaoError ? e.errors.map((x) => x.message_zh).join('；') : String(e);
}

/** A failed call as errors the screen can show at their fields (or above the issue button). */
export function callErrors(e: unknown): AppError[] {
  if (e instanceof FapiaoError) return e.errors;
  return [{ code: 'CALL_FAILED', message_zh: `操作失败：${String(e)}`, message_en: `The call failed: ${String(e)}` }];
}
