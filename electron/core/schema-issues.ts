import type { z } from 'zod';
import { DECIMAL_STRING_MESSAGE, DECIMAL_ZH } from '../contract/limits.ts';

/**
 * Schema problems (zod issues) as every violation reports them: the path in `lines[2].rate` style and a
 * zh message a cashier or manager reads. One place for drafts, config.json and every call's request.
 */

/** `lines.2.rate` → `lines[2].rate`, the path style of every violation. */
export function pathOf(parts: ReadonlyArray<PropertyKey>): string {
  return parts.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : p === '' ? String(k) : `${p}.${String(k)}`), '');
}

/**
 * The stable code of a violation: a refinement that carries its own (params.code, e.g. TEXT_INVALID_CHAR)
 * keeps it, so the cashier's screen and scripts can tell it apart; any other is the caller's `fallback`
 * (BAD_REQUEST for a call, DRAFT_SCHEMA for a draft).
 */
export function issueCode(issue: z.core.$ZodIssue, fallback: string): string {
  return issue.code === 'custom' && typeof issue.params?.['code'] === 'string' ? issue.params['code'] : fallback;
}

/** The input's value at a zod path, or undefined where it has none. */
export function valueAt(root: unknown, parts: ReadonlyArray<PropertyKey>): unknown {
  let v = root;
  for (const k of parts) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

const TYPE_ZH: Record<string, string> = {
  string: '文字（带引号的字符串）',
  number: '数字',
  int: '整数',
  boolean: 'true 或 false',
  object: '对象 {…}',
  array: '列表 […]',
  null: 'null',
};

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * A zod issue in words a cashier or manager reads (zh), for any schema. `root` is the parsed input:
 * it tells a missing field (缺少必填项) from a wrong one. Decimal-string fields (the contract's
 * `DecimalString`) say so and give an example.
 */
export function issueZh(issue: z.core.$ZodIssue, root: unknown): string {
  switch (issue.code) {
    case 'custom':
      // A refinement may carry its own zh message (params.zh): it knows the field better than any rule here.
      if (typeof issue.params?.['zh'] === 'string') return issue.params['zh'];
      return issue.message === DECIMAL_STRING_MESSAGE ? DECIMAL_ZH : '格式不符';
    case 'invalid_type': {
      const value = valueAt(root, issue.path);
      if (value === undefined) return '缺少必填项';
      const expected = TYPE_ZH[issue.expected] ?? issue.expected;
      return `应为${expected}，实为${TYPE_ZH[typeOf(value)] ?? typeOf(value)}`;
    }
    case 'invalid_format':
      return issue.message === DECIMAL_STRING_MESSAGE ? DECIMAL_ZH : '格式不符';
    case 'invalid_value':
      return `取值无效，可选：${issue.values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v))).join('、')}`;
    case 'too_big': {
      const n = String(issue.maximum);
      if (issue.message === DECIMAL_STRING_MESSAGE) return DECIMAL_ZH;
      if (issue.origin === 'string') return `过长，最多 ${n} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `项数过多，最多 ${n} 项`;
      return issue.inclusive === false ? `须小于 ${n}` : `不能大于 ${n}`;
    }
    case 'too_small': {
      const n = String(issue.minimum);
      if (issue.origin === 'string') return Number(issue.minimum) === 1 ? '不能为空' : `过短，至少 ${n} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `项数过少，至少 ${n} 项`;
      return issue.inclusive === false ? `须大于 ${n}` : `不能小于 ${n}`;
    }
    case 'not_multiple_of':
      return `须为 ${String(issue.divisor)} 的倍数`;
    case 'unrecognized_keys':
      return `有无法识别的字段：${issue.keys.join('、')}`;
    default:
      return '格式不符';
  }
}
