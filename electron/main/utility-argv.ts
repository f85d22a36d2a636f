import { STOP_MESSAGE, UTILITY_ARGV_MARKER } from './utility-launcher.ts';

/**
 * Runs first in dist/electron/fapiao.cjs. In a utility process argv does not have Node's
 * [execPath, script, ...] shape, so the launcher marks where our arguments start and we rebuild it.
 * On the stop message from main we raise SIGTERM in-process, which the sandbox command handles by
 * closing cleanly (Windows has no signals to send from outside).
 */
const at = process.argv.indexOf(UTILITY_ARGV_MARKER);
if (at >= 0) process.argv = [process.argv[0] ?? 'fapiao', 'fapiao', ...process.argv.slice(at + 1)];

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
parentPort?.on('message', (e) => {
  const data = e.data as { type?: string } | undefined;
  if (data?.type === STOP_MESSAGE.type) process.emit('SIGTERM');
});
