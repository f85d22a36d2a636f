#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { FapiaoError } from '../contract/index.ts';
import { defaultDataDir } from '../core/config.ts';
import { installLastResort } from '../core/last-resort.ts';
import { issueCommand, queueCommand, syncCommand } from './commands/queue.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { calcCommand } from './commands/calc.ts';
import { doctorCommand } from './commands/doctor.ts';
import { taxidCommand } from './commands/taxid.ts';
import { auditCommand } from './commands/audit.ts';
import { backupCommand, restoreCommand } from './commands/backup.ts';
import { storeCommand } from './commands/store.ts';
import { clockCommand } from './commands/clock.ts';
import { staffCommand } from './commands/staff.ts';
import { EXIT, UsageError, failureOf, printJson, type Command } from './io.ts';

/** Every command of `fapiao`, over the same core the app runs. */
const commands: Record<string, Command> = {
  sandbox: sandboxCommand,
  issue: issueCommand,
  queue: queueCommand,
  sync: syncCommand,
  taxid: taxidCommand,
  calc: calcCommand,
  doctor: doctorCommand,
  audit: auditCommand,
  backup: backupCommand,
  restore: restoreCommand,
  store: storeCommand,
  clock: clockCommand,
  staff: staffCommand,
};

function help(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}\n             ${c.usage}`);
  return `fapiao [--data DIR] <command> [args]\n(data folder: --data, else FAPIAO_HOME, else the user data folder)\n\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: false,
  });
  const [name, ...rest] = positionals;
  if (values.help || name === undefined || name === 'help') {
    process.stdout.write(help());
    return name === undefined && !values.help ? EXIT.usage : EXIT.ok;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`unknown command: ${name}\n\n${help()}`);
    return EXIT.usage;
  }
  const dataDir = typeof values.data === 'string' ? values.data : defaultDataDir();
  // Options after the command belong to it; --data is global and taken out above.
  const args = argv.slice(argv.indexOf(name) + 1).filter((a, i, all) => a !== '--data' && all[i - 1] !== '--data');
  void rest;
  return command.run({ args, dataDir });
}

// Anything uncaught: logged, an open core closed (database checkpointed), exit 1 (docs/it-guide.md).
installLastResort();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`usage error: ${err.message}\n`);
      process.exitCode = EXIT.usage;
    } else if (err instanceof FapiaoError) {
      printJson({ ok: false, errors: err.errors });
      process.exitCode = EXIT.failed;
    } else {
      // Any other failure is still an answer a script can read: JSON with a code, exit 1, no stack trace.
      printJson({ ok: false, errors: [failureOf(err)] });
      process.exitCode = EXIT.failed;
    }
  },
);
