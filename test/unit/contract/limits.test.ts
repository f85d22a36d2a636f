import { describe, expect, it } from 'vitest';
import { DraftSchema, HostMessageSchema, IssueRequestSchema, MAX, calls, callNames } from '../../../electron/contract/index.ts';
import { createDispatcher } from '../../../electron/core/dispatch.ts';
import { parseDraft } from '../../../electron/core/invoice/draft.ts';
import type { Handlers } from '../../../electron/core/handlers/context.ts';

type Def = { type: string; checks?: Array<{ _zod: { def: { check: string; format?: string; pattern?: RegExp } } }>; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** A regex that cannot match more than a bounded length: anchored, no unbounded quantifier. */
const boundedPattern = (re: RegExp) => re.source.startsWith('^') && re.source.endsWith('$') && !/[+*]|\{\d+,\}/.test(re.source.replace(/\\./g, ''));

/** Paths of every string or array in a schema that has no maximum. */
function unbounded(schema: unknown, path: string, out: string[], seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return out;
  seen.add(schema);
  const def = defOf(schema);
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  const hasMax = checks.some((c) => c.check === 'max_length' || (c.check === 'string_format' && c.format === 'regex' && c.pattern !== undefined && boundedPattern(c.pattern)));
  switch (def.type) {
    case 'string':
      if (!hasMax) out.push(path);
      break;
    case 'array':
      if (!hasMax) out.push(path);
      unbounded(def['element'], `${path}[]`, out, seen);
      break;
    case 'object':
      for (const [k, v] of Object.entries(def['shape'] as Record<string, unknown>)) unbounded(v, path ? `${path}.${k}` : k, out, seen);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      unbounded(def['innerType'], path, out, seen);
      break;
    case 'pipe':
      // What goes in is bounded first; the pipe's second schema sees only that.
      unbounded(def['in'], path, out, seen);
      break;
    case 'union':
      (def['options'] as unknown[]).forEach((o) => unbounded(o, path, out, seen));
      break;
  }
  return out;
}

describe('contract: every string and array a request can carry has a maximum', () => {
  it('holds for every call', () => {
    const missing = callNames.flatMap((name) => unbounded(calls[name].request, name, []));
    expect(missing).toEqual([]);
    // The host's wire envelope too (its payload is bounded by the frame limit, then by the call's schema).
    expect(unbounded(HostMessageSchema, 'host', [])).toEqual([]);
  });

  it('the draft: names, remark, e-mail, address, bank, order number, lines and overrides', () => {
    const long = (n: number) => 'x'.repeat(n + 1);
    const line = { name: 'T恤', taxCode: '1040201100000000000', quantity: '1', unitPrice: '1.00', rate: '0.13' };
    const base = { orderNo: 'A1', buyer: { name: '张三', naturalPerson: true }, lines: [line] };
    const cases: Array<[string, unknown]> = [
      ['buyer.name', { ...base, buyer: { name: long(MAX.name) } }],
      ['buyer.email', { ...base, buyer: { ...base.buyer, email: `${long(MAX.email)}@a.cn` } }],
      ['buyer.address', { ...base, buyer: { ...base.buyer, address: long(MAX.address) } }],
      ['buyer.bank', { ...base, buyer: { ...base.buyer, bank: long(MAX.bank) } }],
      ['buyer.account', { ...base, buyer: { ...base.buyer, account: long(MAX.account) } }],
      ['remark', { ...base, remark: long(MAX.remark) }],
      ['orderNo', { ...base, orderNo: long(MAX.orderNo) }],
      ['lines', { ...base, lines: Array.from({ length: MAX.lines + 1 }, () => line) }],
      ['lines[0].name', { ...base, lines: [{ ...line, name: long(MAX.itemName) }] }],
      ['overrides', { ...base, overrides: ['TAXID_USCC_CHECK', 'TAXID_ORG_CHECK', 'TAXID_USCC_CHECK'] }],
    ];
    for (const [path, draft] of cases) {
      const r = parseDraft(draft);
      expect(r.ok, path).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => [e.code, e.path]), path).toEqual([['DRAFT_SCHEMA', path]]);
    }
    // At the maximum it is accepted.
    expect(parseDraft({ ...base, remark: 'x'.repeat(MAX.remark), buyer: { name: 'y'.repeat(MAX.name), naturalPerson: true } }).ok).toBe(true);
  });
});

describe('decimal strings: at most 18 integer digits and 13 decimals', () => {
  const draftWith = (unitPrice: string) => ({ orderNo: 'A1', buyer: { name: '张三', naturalPerson: true }, lines: [{ name: 'T恤', taxCode: '1040201100000000000', quantity: '1', unitPrice, rate: '0.13' }] });

  it.each(['1234567890123456789', '1.12345678901234', '1e5', '-1e-1000', '1'.padEnd(40, '0')])('%s is refused with the limits in the message', (v) => {
    const r = parseDraft(draftWith(v));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatchObject({ code: 'DRAFT_SCHEMA', path: 'lines[0].unitPrice' });
      expect(r.errors[0]!.message_zh).toContain('整数最多 18 位，小数最多 13 位');
    }
  });

  it.each(['123456789012345678', '0.1234567890123', '-99.5'])('%s is accepted', (v) => {
    expect(DraftSchema.shape.lines.element.shape.unitPrice.safeParse(v).success).toBe(true);
  });

  // Speed is the bench's business; here: refused by the contract, so the handler (and decimal.js) never runs.
  it('10^1000, 1e-1000 and a million digits written out are refused at the door, before any decimal work', async () => {
    let reached = 0;
    const calc = createDispatcher({ calcInvoice: async () => void reached++ } as unknown as Handlers, () => {});
    for (const huge of [`1${'0'.repeat(1000)}`, `0.${'0'.repeat(999)}1`, `1${'0'.repeat(1_000_000)}`]) {
      const reply = await calc('calcInvoice', draftWith(huge));
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.errors.map((e) => [e.code, e.path])).toEqual([['BAD_REQUEST', 'lines[0].unitPrice']]);
    }
    expect(reached).toBe(0);
  });
});

describe('invoice text: control characters, lone surrogates and bidi controls are refused (TEXT_INVALID_CHAR)', () => {
  const base = { orderNo: 'A1', buyer: { name: '张三', naturalPerson: true }, lines: [{ name: 'T恤', taxCode: '1040201100000000000', quantity: '1', unitPrice: '1.00', rate: '0.13' }] };

  it.each([
    ['a NUL', 'ab\u0000c', 3, 'U+0000'],
    ['a line feed', '张三\n李四', 3, 'U+000A'],
    ['a carriage return', '张三\r', 3, 'U+000D'],
    ['a C1 control', 'a\u0085', 2, 'U+0085'],
    ['a right-to-left override', 'abc\u202Efdp.exe', 4, 'U+202E'],
    ['a bidi isolate', '\u2066x', 1, 'U+2066'],
    ['a lone high surrogate', 'a\uD83D', 2, 'U+D83D'],
    ['a lone low surrogate', '\uDE00a', 1, 'U+DE00'],
  ])('%s in the buyer name', (_what, name, pos, cp) => {
    const r = parseDraft({ ...base, buyer: { ...base.buyer, name } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.code, e.path])).toEqual([['TEXT_INVALID_CHAR', 'buyer.name']]);
    expect(r.errors[0]!.message_zh).toContain(`第 ${pos} 个字符（${cp}）`);
  });

  it('every invoice text field uses the same rule, each with its own path', () => {
    const bad = 'x\u0007';
    const r = parseDraft({
      ...base,
      orderNo: `A${bad}`,
      remark: bad,
      seller: { name: bad, address: bad, phone: bad, taxId: bad },
      buyer: { name: bad, taxId: bad, address: bad, phone: bad, bank: bad, account: bad, email: bad },
      lines: [{ ...base.lines[0], name: bad, unit: bad, spec: bad, policy: bad, taxCode: bad }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.every((e) => e.code === 'TEXT_INVALID_CHAR')).toBe(true);
    expect(r.errors.map((e) => e.path).sort()).toEqual(
      [
        'orderNo', 'remark', 'seller.name', 'seller.address', 'seller.phone', 'seller.taxId',
        'buyer.name', 'buyer.taxId', 'buyer.address', 'buyer.phone', 'buyer.bank', 'buyer.account', 'buyer.email',
        'lines[0].name', 'lines[0].unit', 'lines[0].spec', 'lines[0].policy', 'lines[0].taxCode',
      ].sort(),
    );
  });

  it('emoji (a proper surrogate pair) and ordinary punctuation stay allowed', () => {
    expect(parseDraft({ ...base, buyer: { name: '张三😀（个人）-·', naturalPerson: true }, remark: '备注：A/B, 1+1' }).ok).toBe(true);
  });

  it('a call request reports the same code and path through the dispatcher (BAD_REQUEST otherwise)', async () => {
    const dispatch = createDispatcher({} as Handlers, () => {});
    const reply = await dispatch('issueInvoice', { ...base, buyer: { ...base.buyer, name: 'a\u202Eb' } });
    expect(reply).toMatchObject({ ok: false, errors: [{ code: 'TEXT_INVALID_CHAR', path: 'buyer.name' }] });
  });

  it('a red invoice’s own order number goes on an invoice too: the same rule', async () => {
    const dispatch = createDispatcher({} as Handlers, () => {});
    const reply = await dispatch('requestRedInvoice', { originalOrderNo: 'A1', orderNo: 'A1-HC\u202E1', reason: 'goodsReturned' });
    expect(reply).toMatchObject({ ok: false, errors: [{ code: 'TEXT_INVALID_CHAR', path: 'orderNo' }] });
  });

  it('an e-mail address with CR/LF is refused for e-mail delivery', async () => {
    const dispatch = createDispatcher({} as Handlers, () => {});
    for (const email of ['a@b.cn\r\nBcc: x@y.cn', 'a@b.cn\n']) {
      const reply = await dispatch('requestEmailDelivery', { orderNo: 'A1', email });
      expect(reply).toMatchObject({ ok: false, errors: [{ code: 'TEXT_INVALID_CHAR', path: 'email' }] });
    }
    expect(IssueRequestSchema.safeParse({ ...base, buyer: { ...base.buyer, email: 'a@b.cn\r\nBcc: x@y.cn' } }).success).toBe(false);
  });
});

describe('the item name as printed (*简称*名称) holds at most 90 characters', () => {
  it('LINE_NAME_TOO_LONG counts the code table prefix', async () => {
    const { computeInvoice } = await import('../../../electron/core/invoice/compute.ts');
    const draft = (name: string) =>
      DraftSchema.parse({ orderNo: 'A1', buyer: { name: '张三', naturalPerson: true }, lines: [{ name, taxCode: '1040201100000000000', quantity: '1', unitPrice: '1.00', rate: '0.13' }] });
    const ok = computeInvoice(draft('T'.repeat(80)));
    expect(ok.ok).toBe(true);
    const prefix = ok.ok ? ok.invoice.lines[0]!.itemName.length - 80 : 0;
    expect(computeInvoice(draft('T'.repeat(MAX.itemName - prefix))).ok).toBe(true);
    const long = computeInvoice(draft('T'.repeat(MAX.itemName - prefix + 1)));
    expect(long.ok ? [] : long.errors.map((e) => [e.code, e.path])).toEqual([['LINE_NAME_TOO_LONG', 'lines[0].name']]);
  });
});
