import { validateTaxId } from '../../core/invoice/taxid.ts';
import { EXIT, UsageError, printJson, type Command } from '../io.ts';

export const taxidCommand: Command = {
  summary: 'check a taxpayer ID (统一社会信用代码 check characters; 15/17/20 by format)',
  usage: 'fapiao taxid <id>   prints {"valid","kind","errors"}; exit 0 valid, 1 invalid',
  async run({ args }) {
    const positional = args.filter((a) => !a.startsWith('-'));
    if (positional.length !== 1) throw new UsageError('give exactly one taxpayer ID');
    const { valid, kind, errors } = validateTaxId(positional[0]!);
    printJson({ valid, kind, errors });
    return valid ? EXIT.ok : EXIT.failed;
  },
};
