import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface SandboxProcess {
  url: string;
  port: number;
  /** The admin API's per-run token, read from the child's stdout pipe (never argv or env). */
  adminToken: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface SandboxSpawnOptions {
  dataDir: string;
  port?: number;
  /** The program and leading arguments that run `fapiao` (e.g. node + electron/cli/fapiao.ts). */
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts the sandbox platform as a separate process and resolves once it listens.
 * It announces itself with one JSON line on stdout: {"event":"listening","url":…,"port":…,"adminToken":…}.
 * An IPC channel ties it to this process: when this process ends, however it ends, the child sees the
 * channel close and exits (it never outlives its till).
 */
export function spawnSandbox(o: SandboxSpawnOptions): Promise<SandboxProcess> {
  const args = [...o.args, 'sandbox', '--data', o.dataDir, '--port', String(o.port ?? 0)];
  const child = spawn(o.command, args, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], env: o.env ?? process.env });
  // The channel is only the child's lifeline: it must not keep this process alive.
  child.channel?.unref();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited before listening (code ${code})`));
    };
    child.once('exit', onExit);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    // A child that never says it listens is killed rather than waited on forever.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('sandbox did not start within 30 s'));
    }, 30_000);
    lines.on('line', (line) => {
      let msg: { event?: string; url?: string; port?: number; adminToken?: string };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        return;
      }
      if (msg.event !== 'listening' || msg.url === undefined || msg.port === undefined || msg.adminToken === undefined) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({
        url: msg.url,
        port: msg.port,
        adminToken: msg.adminToken,
        child,
        exited,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
