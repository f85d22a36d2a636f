import { parseArgs } from 'node:util';
import { startSandbox } from '../../sandbox/server.ts';
import type { Command } from '../io.ts';
import { join } from 'node:path';

export const sandboxCommand: Command = {
  summary: 'run the sandbox tax channel on loopback',
  usage: 'fapiao sandbox [--port N] (data in <data>/sandbox unless --data is given to this command)',
  async run({ args, dataDir }) {
    const { values } = parseArgs({ args, options: { port: { type: 'string', default: '0' }, data: { type: 'string' } } });
    const sandbox = await startSandbox({ dataDir: values.data ?? join(dataDir, 'sandbox'), port: Number(values.port) });
    process.stdout.write(`${JSON.stringify({ event: 'listening', url: sandbox.url, port: sandbox.port })}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    await sandbox.close();
    return 0;
  },
};
