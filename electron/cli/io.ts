import { readFileSync } from 'node:fs';
import { FapiaoError, appError, type AppError } from '../contract/index.ts';
import { storageError } from '../core/store/faults.ts';

/** Exit codes of every command: 0 ok, 1 invalid input or failed, 2 usage error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {}

/**
 * A failure that is not the contract's (a file, a port, the OS) as the CLI answers it: a stable code and
 * the reason in zh and en, never a stack trace. PORT_IN_USE, FILE_NOT_FOUND, FILE_ACCESS, else CLI_FAILED.
 */
const STORE_FAULTS = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

export function failureOf(err: unknown): AppError {
  const e = err as { code?: unknown; path?: unknown; port?: unknown; message?: unknown };
  const why = typeof e?.message === 'string' ? e.message : String(err);
  const path = typeof e?.path === 'string' ? e.path : undefined;
  // A full or read-only disk, met anywhere (config.json, a backup, the database): the store's own codes.
  if (typeof e?.code === 'string' && (STORE_FAULTS.has(e.code) || e.code.startsWith('SQLITE_'))) {
    const mapped = storageError(err, path);
    if (mapped instanceof FapiaoError) return mapped.errors[0]!;
  }
  switch (e?.code) {
    case 'EADDRINUSE':
      return appError('PORT_IN_USE', `端口 ${String(e.port ?? '')} 已被占用：请换一个端口（--port）或关闭占用它的程序`, `Port ${String(e.port ?? '')} is in use: choose another (--port) or stop what holds it`);
    case 'ENOENT':
      return appError('FILE_NOT_FOUND', `找不到文件或目录：${path ?? why}`, `No such file or folder: ${path ?? why}`, path);
    case 'EACCES':
    case 'EPERM':
      return appError('FILE_ACCESS', `没有权限访问：${path ?? why}`, `Permission denied: ${path ?? why}`, path);
    default:
      return appError('CLI_FAILED', `操作失败：${why}`, `Failed: ${why}`);
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * A JSON document from a file path, or from standard input when the path is "-". A UTF-8 byte order mark
 * before it is skipped (Windows Notepad writes one).
 */
export function readJsonArg(path: string | undefined): unknown {
  if (path === undefined) throw new UsageError('missing input: give a file path or - for standard input');
  const text = (path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8')).replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`input is not JSON: ${(err as Error).message}`);
  }
}

export interface CommandContext {
  args: string[];
  dataDir: string;
}

export interface Command {
  summary: string;
  usage: string;
  run(ctx: CommandContext): Promise<number>;
}
