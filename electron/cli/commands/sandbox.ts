import { parseArgs } from 'node:util';
import { parseFaults } from '../../sandbox/faults.ts';
import { startSandbox } from '../../sandbox/server.ts';
import { installLastResort, onceAsync } from '../../core/last-resort.ts';
import type { Command } from '../io.ts';
import { join } from 'node:path';

export const sandboxCommand: Command = {
  summary: 'run the sandbox tax channel on loopback',
  usage:
    'fapiao sandbox [--port N] [--faults "seed=1,busy=0.1,5xx=0.05,drop=0.05,after=0.05,dup=0.05,latency=0-50,hang=0,maintenance=60000:5000"] (else FAPIAO_SANDBOX_FAULTS; data in <data>/sandbox unless --data is given to this command)',
  async run({ args, dataDir }) {
    const { values } = parseArgs({ args, options: { port: { type: 'string', default: '0' }, data: { type: 'string' }, faults: { type: 'string' } } });
    const faults = parseFaults(values.faults ?? process.env.FAPIAO_SANDBOX_FAULTS);
    const sandbox = await startSandbox({ dataDir: values.data ?? join(dataDir, 'sandbox'), port: Number(values.port), faults });
    const stop = onceAsync(() => sandbox.close());
    installLastResort(stop);
    // The admin token goes to whoever reads this line (the parent's pipe, or the developer's terminal), never argv.
    process.stdout.write(`${JSON.stringify({ event: 'listening', url: sandbox.url, port: sandbox.port, adminToken: sandbox.adminToken })}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
      // Started by a till (IPC channel): it never outlives it, even when the till is killed outright.
      if (process.channel) {
        process.channel.unref();
        process.once('disconnect', resolve);
      }
    });
    await stop();
    return 0;
  },
};
