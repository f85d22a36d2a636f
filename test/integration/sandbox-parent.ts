/**
 * A till process stand-in for the wire test: starts the sandbox the way the app does, prints its
 * address and pid, and waits to be killed (SIGKILL: no cleanup of its own runs).
 * argv: sandboxDir
 */
import { nodeSandboxLauncher } from '../../electron/sandbox/node-launcher.ts';
import type { SandboxProcess } from '../../electron/sandbox/spawn.ts';

const sandbox = (await nodeSandboxLauncher(process.argv[2]!, 0)) as SandboxProcess;
process.stdout.write(`${JSON.stringify({ url: sandbox.url, pid: sandbox.child.pid })}\n`);
setInterval(() => undefined, 60_000);
