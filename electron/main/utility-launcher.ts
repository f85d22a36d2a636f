import { createInterface } from 'node:readline';
import type { SandboxLauncher } from '../core/bootstrap.ts';

/** What we use of Electron's UtilityProcess (structural, so tests fork a fake). */
export interface UtilityChildLike {
  stdout: NodeJS.ReadableStream | null;
  kill(): boolean;
  postMessage(message: unknown): void;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
  off(event: 'exit', listener: (code: number) => void): unknown;
}

export type UtilityFork = (
  modulePath: string,
  args: string[],
  options: { stdio: 'pipe'; serviceName: string; env?: NodeJS.ProcessEnv },
) => UtilityChildLike;

/** Marks argv for the bundled CLI entry, which rewrites process.argv as `fapiao <args>` (see sandbox-entry.ts). */
export const UTILITY_ARGV_MARKER = '--fapiao-utility';
export const STOP_MESSAGE = { type: 'fapiao:stop' } as const;

interface Listening {
  event: 'listening';
  url: string;
  port: number;
  adminToken: string;
}

function asListening(msg: unknown): Listening | undefined {
  if (typeof msg !== 'object' || msg === null) return undefined;
  const m = msg as Partial<Listening>;
  return m.event === 'listening' && typeof m.url === 'string' && typeof m.port === 'number' && typeof m.adminToken === 'string' ? (m as Listening) : undefined;
}

/**
 * The Electron SandboxLauncher: `fapiao sandbox` in a utility process (no ELECTRON_RUN_AS_NODE, which the
 * release fuses switch off). It is ready on the same JSON "listening" line the Node launcher reads on
 * stdout, or on the same object posted over the parent port.
 */
export function createUtilitySandboxLauncher(o: {
  fork: UtilityFork;
  /** dist/electron/fapiao.cjs */
  entry: string;
  graceMs?: number;
  startTimeoutMs?: number;
}): SandboxLauncher {
  return (dataDir, port) => {
    const args = [UTILITY_ARGV_MARKER, 'sandbox', '--data', dataDir, '--port', String(port)];
    const child = o.fork(o.entry, args, { stdio: 'pipe', serviceName: 'Fapiao sandbox' });
    const exited = new Promise<number>((resolve) => child.once('exit', resolve));
    return new Promise((resolve, reject) => {
      let done = false;
      const onExit = (code: number) => finish(new Error(`sandbox exited before listening (code ${code})`));
      const timer = setTimeout(() => {
        child.kill();
        finish(new Error('sandbox did not start in time'));
      }, o.startTimeoutMs ?? 20_000);
      const finish = (result: Listening | Error): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        child.off('exit', onExit);
        if (result instanceof Error) return reject(result);
        resolve({
          url: result.url,
          port: result.port,
          adminToken: result.adminToken,
          exited,
          async stop() {
            // Ask politely (works on Windows, where kill() is a hard terminate), then insist.
            child.postMessage(STOP_MESSAGE);
            const grace = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), o.graceMs ?? 3_000).unref());
            if ((await Promise.race([exited, grace])) === 'timeout') child.kill();
            await exited;
          },
        });
      };
      child.once('exit', onExit);
      child.on('message', (m) => {
        const l = asListening(m);
        if (l) finish(l);
      });
      if (child.stdout) {
        createInterface({ input: child.stdout }).on('line', (line) => {
          try {
            const l = asListening(JSON.parse(line));
            if (l) finish(l);
          } catch {
            // not our line
          }
        });
      }
    });
  };
}
