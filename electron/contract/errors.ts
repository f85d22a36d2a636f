import { z } from 'zod';

/** One violation: a stable code, the field path (e.g. `lines[2].rate`), and messages for the cashier. */
export const AppErrorSchema = z.object({
  code: z.string(),
  path: z.string().optional(),
  message_zh: z.string(),
  message_en: z.string(),
});
export type AppError = z.infer<typeof AppErrorSchema>;

/** Thrown across the contract when a call fails as a whole (bad payload, storage fault, …). */
export class FapiaoError extends Error {
  readonly errors: AppError[];
  constructor(errors: AppError[]) {
    super(errors.map((e) => `${e.code}: ${e.message_en}`).join('; '));
    this.name = 'FapiaoError';
    this.errors = errors;
  }
  get code(): string {
    return this.errors[0]?.code ?? 'UNKNOWN';
  }
}

export function appError(code: string, message_zh: string, message_en: string, path?: string): AppError {
  return path === undefined ? { code, message_zh, message_en } : { code, path, message_zh, message_en };
}
