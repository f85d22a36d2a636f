import { readFileSync } from 'node:fs';

/** Exit codes of every command: 0 ok, 1 invalid input or failed, 2 usage error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A JSON document from a file path, or from standard input when the path is "-". */
export function readJsonArg(path: string | undefined): unknown {
  if (path === undefined) throw new UsageError('missing input: give a file path or - for standard input');
  const text = path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
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
