import type { AppError, ComputedInvoice, InvoiceStatus } from '../../contract/index.ts';
import { DecimalString, appError } from '../../contract/index.ts';
import { checkInvoiceFigures, totalsOf } from './checks.ts';
import { lineFigures, rateOf } from './figures.ts';
import { Decimal, MAX_QUANTITY_DP, ZERO, money, moneyString, quantityString } from './money.ts';
import { RED_REASONS, type RedReason, type RedReasonCodes } from './red-reasons.ts';

type ComputedLine = ComputedInvoice['lines'][number];

/** What red-letter needs of an issued invoice (the contract's InvoiceView fits). */
export interface IssuedInvoice {
  kind: 'blue' | 'red';
  status: InvoiceStatus;
  number?: string;
  invoice: ComputedInvoice;
}

export interface RedLine extends ComputedLine {
  /** 对应蓝字发票明细序号: 1-based position of the reversed line in the blue invoice. */
  blueLineNo: number;
}

export interface RedInvoice {
  blueNumber: string;
  reason: RedReason;
  reasonCodes: RedReasonCodes;
  /** True when this red invoice reverses everything that remained. */
  full: boolean;
  invoice: Omit<ComputedInvoice, 'lines'> & { lines: RedLine[] };
}

export interface RedRequest {
  reason: RedReason;
  /**
   * Partial reversal: which blue lines (1-based 明细序号 of normal lines) and how much — a quantity, or
   * an amount including tax (含税金额, as the till shows it); neither = that line's whole remainder.
   * Absent or empty = full reversal of everything that remains.
   */
  lines?: Array<{ lineNo: number; quantity?: string; amount?: string }>;
}

/**
 * Rules the reference marks as integrator practice (§5.3, ~/?), hence switches: 开票有误 forces a full
 * reversal; 销售折让 reduces amounts only, without quantity.
 */
export interface RedRules {
  issuedInErrorFullOnly: boolean;
  allowanceAmountOnly: boolean;
}

export const DEFAULT_RED_RULES: RedRules = { issuedInErrorFullOnly: true, allowanceAmountOnly: true };

interface Remaining {
  lineNo: number;
  line: ComputedLine;
  amount: Decimal;
  tax: Decimal;
  /** Undefined when the blue line had no quantity. */
  quantity: Decimal | undefined;
}

/**
 * What is still un-reversed per blue line: its amount and tax with its discount line netted in
 * (a red invoice has no discount lines, §4.4), minus every earlier red invoice's lines for it.
 */
export function remainingOf(blue: ComputedInvoice, earlierReds: ReadonlyArray<{ invoice: { lines: RedLine[] } }>): Remaining[] {
  const out: Remaining[] = [];
  blue.lines.forEach((line, i) => {
    if (line.kind !== 'normal') return;
    const next = blue.lines[i + 1];
    const discount = next?.kind === 'discount' ? next : undefined;
    out.push({
      lineNo: i + 1,
      line,
      amount: new Decimal(line.amount).plus(discount?.amount ?? 0),
      tax: new Decimal(line.tax).plus(discount?.tax ?? 0),
      quantity: line.quantity === undefined ? undefined : new Decimal(line.quantity),
    });
  });
  for (const red of earlierReds)
    for (const rl of red.invoice.lines) {
      const r = out.find((x) => x.lineNo === rl.blueLineNo);
      if (!r) continue;
      r.amount = r.amount.plus(rl.amount);
      r.tax = r.tax.plus(rl.tax);
      if (r.quantity !== undefined && rl.quantity !== undefined) r.quantity = r.quantity.plus(rl.quantity);
    }
  return out;
}

function redLine(r: Remaining, amount: Decimal, tax: Decimal, quantity: Decimal | undefined): RedLine {
  // The price is the line's net price, so quantity × price stays within 0.01 of the amount.
  const withQty = quantity !== undefined && r.quantity !== undefined && r.quantity.greaterThan(0);
  return {
    kind: 'normal',
    itemName: r.line.itemName,
    taxCode: r.line.taxCode,
    ...(r.line.unit === undefined ? {} : { unit: r.line.unit }),
    ...(r.line.spec === undefined ? {} : { spec: r.line.spec }),
    ...(withQty
      ? {
          quantity: quantityString(quantity.negated()),
          unitPrice: r.amount.dividedBy(r.quantity!).toDecimalPlaces(MAX_QUANTITY_DP, Decimal.ROUND_HALF_UP).toFixed(),
        }
      : {}),
    amount: moneyString(amount.negated()),
    rate: r.line.rate,
    tax: moneyString(tax.negated()),
    blueLineNo: r.lineNo,
  };
}

/**
 * Builds the red invoice for an issued blue one: full, or partial by line, never more than remains
 * after `earlierReds`. All violations at once.
 */
export function buildRedInvoice(
  blue: IssuedInvoice,
  request: RedRequest,
  earlierReds: ReadonlyArray<{ invoice: { lines: RedLine[] } }> = [],
  rules: RedRules = DEFAULT_RED_RULES,
): { ok: true; red: RedInvoice } | { ok: false; errors: AppError[] } {
  const errors: AppError[] = [];
  const reasonCodes = RED_REASONS[request.reason];
  if (!reasonCodes) errors.push(appError('RED_REASON_INVALID', '请选择红冲原因', 'Choose a reason for the red invoice', 'reason'));
  if (blue.kind === 'red') errors.push(appError('RED_OF_RED', '红字发票不能再红冲', 'A red invoice cannot be reversed', 'kind'));
  if (blue.status !== 'issued' || !blue.number)
    errors.push(
      appError('RED_BLUE_NOT_ISSUED', '只有已开具的发票才能红冲；未上传的发票可直接取消', 'Only an issued invoice can be reversed; one not yet sent can be cancelled instead', 'status'),
    );
  const remaining = remainingOf(blue.invoice, earlierReds);
  const partial = request.lines !== undefined && request.lines.length > 0;
  const allowance = request.reason === 'salesAllowance' && rules.allowanceAmountOnly;
  if (partial && request.reason === 'issuedInError' && rules.issuedInErrorFullOnly)
    errors.push(appError('RED_ERROR_NEEDS_FULL', '“开票有误”须全额红冲', '"Issued in error" must reverse the whole invoice', 'lines'));

  const lines: RedLine[] = [];
  if (!partial) {
    for (const r of remaining) {
      if (r.amount.isZero() && r.tax.isZero()) continue;
      lines.push(redLine(r, r.amount, r.tax, allowance ? undefined : r.quantity));
    }
    if (lines.length === 0 && errors.length === 0)
      errors.push(
        new Decimal(blue.invoice.total).isZero()
          ? appError('RED_NOTHING_TO_REVERSE', '该发票价税合计为 0.00 元（已全额折扣），没有可冲销的金额', 'This invoice totals 0.00 (fully discounted): there is nothing to reverse', 'lines')
          : appError('RED_NOTHING_LEFT', '该发票已全部红冲，没有可冲销的金额', 'This invoice is already fully reversed', 'lines'),
      );
  } else {
    const seen = new Set<number>();
    request.lines!.forEach((req, k) => {
      const path = `lines[${k}]`;
      const n = `红冲第${k + 1}项`;
      const l = `Reversal item ${k + 1}`;
      // Plain decimals only, as in drafts ("1e0", "Infinity", "abc" are refused, never thrown on).
      const quantityOk = req.quantity === undefined || DecimalString.safeParse(req.quantity).success;
      const amountOk = req.amount === undefined || DecimalString.safeParse(req.amount).success;
      if (!quantityOk)
        errors.push(appError('RED_LINE_INVALID', `${n}：红冲数量须为十进制数字，如 2 或 0.5`, `${l}: quantity must be a plain decimal number such as 2 or 0.5`, `${path}.quantity`));
      if (!amountOk)
        errors.push(appError('RED_LINE_INVALID', `${n}：红冲金额须为十进制数字，如 11.30`, `${l}: amount must be a plain decimal number such as 11.30`, `${path}.amount`));
      /** A red line, unless it comes to 0.00 in both amount and tax (a quantity too small to reverse). */
      const add = (r: Remaining, amount: Decimal, tax: Decimal, quantity: Decimal | undefined, field: 'quantity' | 'amount'): void => {
        if (amount.isZero() && tax.isZero())
          errors.push(
            appError('RED_LINE_ZERO', `${n}：红冲数量/金额过小，折合金额为 0.00 元`, `${l}: the ${field} is too small: it comes to 0.00`, `${path}.${field}`),
          );
        else lines.push(redLine(r, amount, tax, quantity));
      };
      const r = remaining.find((x) => x.lineNo === req.lineNo);
      if (!r) {
        errors.push(appError('RED_LINE_UNKNOWN', `${n}：蓝字发票没有第${req.lineNo}行商品`, `${l}: the blue invoice has no item line ${req.lineNo}`, `${path}.lineNo`));
        return;
      }
      if (seen.has(req.lineNo)) {
        errors.push(appError('RED_LINE_DUPLICATE', `${n}：第${req.lineNo}行重复`, `${l}: line ${req.lineNo} appears twice`, `${path}.lineNo`));
        return;
      }
      seen.add(req.lineNo);
      const remGross = r.amount.plus(r.tax);
      if (req.quantity !== undefined && req.amount !== undefined) {
        errors.push(appError('RED_LINE_AMBIGUOUS', `${n}：数量和金额只填一项`, `${l}: give a quantity or an amount, not both`, path));
        return;
      }
      if (!quantityOk || !amountOk) return;
      if (remGross.isZero()) {
        const net = remainingOf(blue.invoice, []).find((x) => x.lineNo === req.lineNo)!;
        errors.push(
          net.amount.isZero() && net.tax.isZero()
            ? appError('RED_NOTHING_TO_REVERSE', `${n}：第${req.lineNo}行折扣后金额为 0.00 元，没有可冲销的金额`, `${l}: line ${req.lineNo} comes to 0.00 after its discount: there is nothing to reverse`, path)
            : appError('RED_EXCEEDS_REMAINING', `${n}：第${req.lineNo}行已全部红冲`, `${l}: line ${req.lineNo} is already fully reversed`, path),
        );
        return;
      }
      if (req.quantity !== undefined) {
        const q = new Decimal(req.quantity);
        if (allowance) errors.push(appError('RED_ALLOWANCE_AMOUNT_ONLY', `${n}：销售折让只冲金额，请填金额`, `${l}: a sales allowance reverses an amount; give an amount, not a quantity`, `${path}.quantity`));
        else if (r.quantity === undefined) errors.push(appError('RED_LINE_NO_QUANTITY', `${n}：原商品行没有数量，请填金额`, `${l}: the blue line has no quantity; give an amount`, `${path}.quantity`));
        else if (!q.greaterThan(0) || q.decimalPlaces() > MAX_QUANTITY_DP)
          errors.push(appError('RED_LINE_INVALID', `${n}：红冲数量须大于 0，最多 13 位小数`, `${l}: quantity must be positive with at most 13 decimals`, `${path}.quantity`));
        else if (q.greaterThan(r.quantity))
          errors.push(
            appError('RED_EXCEEDS_REMAINING', `${n}：红冲数量 ${q.toFixed()} 超过可冲数量 ${r.quantity.toFixed()}`, `${l}: quantity ${q.toFixed()} exceeds the ${r.quantity.toFixed()} not yet reversed`, `${path}.quantity`),
          );
        else if (q.equals(r.quantity)) add(r, r.amount, r.tax, q, 'quantity');
        else {
          const share = q.dividedBy(r.quantity);
          add(r, money(r.amount.times(share)), money(r.tax.times(share)), q, 'quantity');
        }
        return;
      }
      if (req.amount === undefined) {
        lines.push(redLine(r, r.amount, r.tax, allowance ? undefined : r.quantity));
        return;
      }
      const g = new Decimal(req.amount);
      if (!g.greaterThan(0) || g.decimalPlaces() > 2)
        errors.push(appError('RED_LINE_INVALID', `${n}：红冲金额须大于 0，最多 2 位小数`, `${l}: amount must be positive with at most 2 decimals`, `${path}.amount`));
      else if (g.greaterThan(remGross))
        errors.push(
          appError('RED_EXCEEDS_REMAINING', `${n}：红冲金额 ${g.toFixed(2)} 超过可冲金额 ${remGross.toFixed(2)}`, `${l}: amount ${g.toFixed(2)} exceeds the ${remGross.toFixed(2)} not yet reversed`, `${path}.amount`),
        );
      else if (g.equals(remGross)) add(r, r.amount, r.tax, allowance ? undefined : r.quantity, 'amount');
      else {
        // Tax-inclusive split as on the till, kept within what remains of both amount and tax.
        let tax = lineFigures(g, rateOf(r.line.rate), true).tax;
        if (tax.greaterThan(r.tax)) tax = r.tax;
        let amount = g.minus(tax);
        if (amount.greaterThan(r.amount)) {
          amount = r.amount;
          tax = g.minus(amount);
        }
        add(r, amount, tax, undefined, 'amount');
      }
    });
  }
  if (errors.length > 0) return { ok: false, errors };

  const invoice = { lines, ...totalsOf(lines) };
  const figureErrors = checkInvoiceFigures(invoice);
  if (figureErrors.length > 0) return { ok: false, errors: figureErrors };
  const reversed = new Map(lines.map((x) => [x.blueLineNo, x]));
  const full = remaining.every((r) => {
    const x = reversed.get(r.lineNo);
    return new Decimal(r.amount).plus(x?.amount ?? ZERO).isZero() && r.tax.plus(x?.tax ?? ZERO).isZero();
  });
  return { ok: true, red: { blueNumber: blue.number!, reason: request.reason, reasonCodes, full, invoice } };
}
