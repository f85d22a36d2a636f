import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { STOP_MESSAGE, type UtilityChildLike, type UtilityFork } from '../../electron/main/utility-launcher.ts';

/**
 * utilityProcess.fork stand-in at the process boundary: runs the module with this Node (args after
 * the script, as Node has them), and maps postMessage(stop) to SIGTERM, which is what the bundled
 * entry turns that message into inside a real utility process.
 */
export const nodeFork: UtilityFork = (modulePath, args) => {
  const child = spawn(process.execPath, [modulePath, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ee = new EventEmitter();
  child.on('exit', (code) => ee.emit('exit', code ?? 0));
  return {
    stdout: child.stdout,
    kill: () => child.kill('SIGTERM'),
    postMessage: (m: unknown) => {
      if ((m as typeof STOP_MESSAGE).type === STOP_MESSAGE.type) child.kill('SIGTERM');
    },
    on: (e: string, l: (...a: unknown[]) => void) => ee.on(e, l),
    once: (e: string, l: (...a: unknown[]) => void) => ee.once(e, l),
    off: (e: string, l: (...a: unknown[]) => void) => ee.off(e, l),
  } as UtilityChildLike;
};
