import { describe, expect, it } from 'vitest';
import { parseDraft } from '../../../electron/core/invoice/draft.ts';
import { TSHIRT } from './helpers.ts';

const good = {
  orderNo: 'A0001',
  buyer: { name: '张三', naturalPerson: true },
  lines: [{ name: 'T恤', taxCode: TSHIRT, quantity: '2', unitPrice: '99.00', rate: '0.13' }],
};

function errorsOf(input: unknown) {
  const r = parseDraft(input);
  if (r.ok) throw new Error('expected schema errors');
  return r.errors;
}

describe('parseDraft: schema errors a cashier can read (DRAFT_SCHEMA)', () => {
  it('accepts a well-formed draft', () => {
    expect(parseDraft(good).ok).toBe(true);
  });

  it('explains each kind of problem in Chinese, keeps the English, paths as lines[0].quantity', () => {
    const errors = errorsOf({
      ...good,
      type: 'vat',
      buyer: {},
      lines: [{ ...good.lines[0], quantity: 2, unitPrice: '1e2' }],
    });
    expect(errors.map((e) => [e.path, e.message_zh])).toEqual([
      ['type', '草稿格式有误（type）：取值无效，可选："normal"、"special"'],
      ['buyer.name', '草稿格式有误（buyer.name）：缺少必填项'],
      ['lines[0].quantity', '草稿格式有误（lines[0].quantity）：应为文字（带引号的字符串），实为数字'],
      ['lines[0].unitPrice', '草稿格式有误（lines[0].unitPrice）：须为十进制数字串，如 "12.50"：整数最多 18 位，小数最多 13 位'],
    ]);
    expect(errors.every((e) => e.code === 'DRAFT_SCHEMA')).toBe(true);
    // None of zod's English inside the Chinese message; the English one keeps zod's words.
    for (const e of errors) expect(e.message_zh).not.toMatch(/invalid|expected|received|decimal string/i);
    expect(errors[2]!.message_en).toBe('Draft does not match the schema at lines[0].quantity: Invalid input: expected string, received number');
  });

  it('a problem with the whole draft still carries a path', () => {
    const [e, ...rest] = errorsOf(null);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ code: 'DRAFT_SCHEMA', path: 'draft', message_zh: '草稿格式有误（draft）：应为对象 {…}，实为null' });
    expect(errorsOf({ ...good, lines: 'T恤' })[0]).toMatchObject({ path: 'lines', message_zh: '草稿格式有误（lines）：应为列表 […]，实为文字（带引号的字符串）' });
  });
});
