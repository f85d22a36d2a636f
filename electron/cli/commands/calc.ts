import { parseArgs } from 'node:util';
import { computeInvoice, type CalcContext } from '../../core/invoice/compute.ts';
import { Decimal } from '../../core/invoice/money.ts';
import { readDraft } from '../draft.ts';
import { EXIT, UsageError, printJson, type Command } from '../io.ts';

/** Pure: no data folder, no sandbox; limits come from options, not settings. */
export const calcCommand: Command = {
  summary: 'validate a draft and compute its invoice (lines, tax, totals, amount in words)',
  usage: 'fapiao calc <draft.json|-> [--max-lines N] [--max-total AMOUNT] [--taxpayer-type general|small]; exit 0 valid, 1 invalid',
  async run({ args }) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: { 'max-lines': { type: 'string' }, 'max-total': { type: 'string' }, 'taxpayer-type': { type: 'string' } },
        allowPositionals: true,
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('give one draft file, or - for standard input');
    const file = positionals[0]!;

    const ctx: CalcContext = {};
    if (values['max-lines'] !== undefined) {
      if (!/^[1-9]\d*$/.test(values['max-lines'])) throw new UsageError('--max-lines takes a positive whole number');
      ctx.maxLines = Number(values['max-lines']);
    }
    if (values['max-total'] !== undefined) {
      if (!/^\d+(\.\d{1,2})?$/.test(values['max-total'])) throw new UsageError('--max-total takes an amount such as 100000.00');
      ctx.maxInvoiceTotal = new Decimal(values['max-total']);
    }
    const type = values['taxpayer-type'];
    if (type !== undefined) {
      if (type !== 'general' && type !== 'small') throw new UsageError('--taxpayer-type is general or small');
      ctx.seller = { taxpayerType: type };
    }

    const draft = readDraft(file);
    const result = draft.ok ? computeInvoice(draft.draft, ctx) : draft;
    printJson(result);
    return result.ok ? EXIT.ok : EXIT.failed;
  },
};
