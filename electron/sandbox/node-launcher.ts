import { fileURLToPath } from 'node:url';
import type { SandboxLauncher } from '../core/bootstrap.ts';
import { spawnSandbox } from './spawn.ts';

const CLI = fileURLToPath(new URL('../cli/fapiao.ts', import.meta.url));

/** Runs `fapiao sandbox` with this same Node (24, which runs the TypeScript sources directly). */
export const nodeSandboxLauncher: SandboxLauncher = (dataDir, port) =>
  spawnSandbox({ dataDir, port, command: process.execPath, args: [CLI] });
