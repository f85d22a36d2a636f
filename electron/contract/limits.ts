import { z } from 'zod';

/**
 * The most each field may hold (docs/invoice-rules.md §"Field limits", with the public sources): what the
 * platform's providers accept, so nothing the till stores can be refused later for its size, and no
 * request can make core work on megabytes. Lengths count characters (UTF-16 code units).
 */
export const MAX = {
  /** 购买方/销售方名称 (GMFMC / XSFMC 100). */
  name: 100,
  /** 纳税人识别号 VARCHAR(20). */
  taxId: 20,
  /** 地址 (GMF_DZ 100). */
  address: 100,
  /** 电话 (GMF_DH 100). */
  phone: 100,
  /** 开户行 (GMF_KHH 100). */
  bank: 100,
  /** 银行账号 (GMF_ZH 100). */
  account: 100,
  /** 电子邮箱 (GMF_DZYX 100). */
  email: 100,
  /** 备注: BZ 240 on a blue invoice, 205 on a red one; 200 so a red invoice can repeat it. */
  remark: 200,
  /** 项目名称 (XMMC 90), as the cashier gives it (the `*简称*` prefix is the code table's). */
  itemName: 90,
  /** 计量单位 (DW 20). */
  unit: 20,
  /** 规格型号 (GGXH 40). */
  spec: 40,
  /** 税收分类编码 (SPBM 19). */
  taxCode: 19,
  /** 增值税特殊管理 (ZZSTSGL 50). */
  policy: 50,
  /** 项目明细 at most 100 (电票明细行最多不大于100行). */
  lines: 100,
  /** Order numbers: blue ones are 1–40 characters (ORDER_NO_INVALID); red ones add `-HC<time>`. */
  orderNo: 64,
  /** Overridable tax-ID codes: there are two. */
  overrides: 2,
  /** A staff id or name, an actor. */
  person: 40,
  /** Search boxes. */
  query: 100,
  /** A reason or note typed by the manager. */
  note: 200,
  /** A file path in the settings. */
  path: 1000,
  /** A URL in the settings. */
  url: 300,
} as const;

/**
 * Characters that never go on an invoice: C0/C1 control characters (CR, LF and tab included), DEL, line and
 * paragraph separators, bidi controls (ALM, LRM, RLM, embeddings, overrides, isolates) and lone surrogates.
 * No `u` flag: surrogates are matched as code units.
 */
const BAD_CHAR = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The stable code of a refused character; schema-issues.ts reports it with the field's path. */
export const TEXT_INVALID_CHAR = 'TEXT_INVALID_CHAR';

/** Where `text` has a character that never goes on an invoice: its index, or -1. */
export function invalidCharAt(text: string): number {
  const m = BAD_CHAR.exec(text);
  return m === null ? -1 : m.index;
}

function codePoint(text: string, i: number): string {
  return `U+${text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Text that goes on an invoice: at most `max` characters (checked first, so nothing scans a huge string),
 * and no character of BAD_CHAR (TEXT_INVALID_CHAR, naming its position and code point).
 */
export function InvoiceText(max: number) {
  return z
    .string()
    .max(max, { abort: true })
    .superRefine((text, ctx) => {
      const i = invalidCharAt(text);
      if (i < 0) return;
      const cp = codePoint(text, i);
      ctx.addIssue({
        code: 'custom',
        message: `character ${i + 1} (${cp}) cannot go on an invoice: control characters, lone surrogates and bidi controls are refused`,
        params: { code: TEXT_INVALID_CHAR, zh: `第 ${i + 1} 个字符（${cp}）不能出现在发票上：不允许控制字符、换行、不成对的代理项或双向文字控制符` },
      });
    });
}

/** A positive amount of money, to the fen, that an invoice can carry (DECIMAL(18,2)): a limit in the settings. */
export const PositiveMoney = z
  .string()
  .max(19, { abort: true })
  .refine((s) => /^\d{1,16}(\.\d{1,2})?$/.test(s) && /[1-9]/.test(s), {
    message: 'an amount above 0 with at most 2 decimals, e.g. "100000.00"',
    params: { zh: '须为大于 0 的金额，最多 2 位小数，如 "100000.00"' },
  });

/** The message of DecimalString's checks: schema-issues.ts words it for the cashier (DECIMAL_ZH). */
export const DECIMAL_STRING_MESSAGE = 'decimal string: at most 18 integer digits and 13 decimals, e.g. "12.50"';
export const DECIMAL_ZH = '须为十进制数字串，如 "12.50"：整数最多 18 位，小数最多 13 位';

/**
 * Decimal values cross every boundary as strings: at most 18 integer digits and 13 decimals (the
 * providers' DECIMAL(18,…) amounts and 13-decimal quantities), so no decimal work ever starts on a
 * longer number. The length check comes first: a megabyte of digits is refused without a scan.
 */
export const DecimalString = z
  .string()
  .max(33, { message: DECIMAL_STRING_MESSAGE, abort: true })
  .regex(/^-?\d{1,18}(\.\d{1,13})?$/, DECIMAL_STRING_MESSAGE);
