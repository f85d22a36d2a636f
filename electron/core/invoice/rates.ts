import type { AppError } from '../../contract/index.ts';
import { appError } from '../../contract/index.ts';
import { Decimal, percent } from './money.ts';
import type { TaxCode } from './taxcodes.ts';
import type { Rate } from './figures.ts';

export type TaxpayerType = 'general' | 'small';

/**
 * Which rates a line may carry (docs/invoice-rules.md §3). The allowed set changes with policy, so it is configuration:
 * the small-scale rates (the 1% preference is an open question, §12.2) and, when the provider supplies
 * the per-code 可用税率 (kysl, §3.2), that list instead of the table.
 */
export interface RateRules {
  /** 征收率 a small-scale taxpayer may use on any code: statutory 3% and the 1% preference (to 2027-12-31). */
  smallScaleRates: string[];
  /**
   * Small-scale sellers may issue 免税 under the small-scale exemption on any code, not only on codes
   * whose 增值税特殊管理 lists 免税. Not from a retrieved source, hence a switch.
   */
  smallScaleExemptAnyCode: boolean;
  /** Provider's 可用税率 for a code (fractions), replacing the table-derived set when it returns a list. */
  providerRates?: (code: string, taxpayerType: TaxpayerType) => string[] | undefined;
}

export const DEFAULT_RATE_RULES: RateRules = {
  smallScaleRates: ['0.03', '0.01'],
  smallScaleExemptAnyCode: true,
};

/** 优惠政策 names (数电 codes 01–18, §3.3); a line's `policy` must be one of them. */
export const POLICY_CODES: Readonly<Record<string, string>> = {
  简易征收: '01', 稀土产品: '02', 免税: '03', 不征税: '04', 先征后退: '05', '100%先征后退': '06', '50%先征后退': '07',
  '按3%简易征收': '08', '按5%简易征收': '09', '按5%简易征收减按1.5%计征': '10', '即征即退30%': '11', '即征即退50%': '12',
  '即征即退70%': '13', '即征即退100%': '14', '超税负3%即征即退': '15', '超税负8%即征即退': '16', '超税负12%即征即退': '17',
  '超税负6%即征即退': '18',
};

/** Policies that fix the 征收率 themselves. */
const POLICY_RATE: Readonly<Record<string, string>> = {
  免税: '0',
  不征税: '0',
  '按3%简易征收': '0.03',
  '按5%简易征收': '0.05',
  '按5%简易征收减按1.5%计征': '0.015',
};

/** 征收率 a code's special management opens (the table's rate column lacks them, data README). */
function simplifiedRatesOf(code: TaxCode): string[] {
  const out: string[] = [];
  for (const p of code.policies) {
    if (p === '简易征收' || p === '按3%简易征收') out.push('0.03');
    if (p === '按5%简易征收') out.push('0.05');
    if (p === '按5%简易征收减按1.5%计征') out.push('0.015');
  }
  return out;
}


/** Allowed sets per rules object and code row (identity, so a reloaded table never hits stale entries). */
const allowedCache = new WeakMap<RateRules, WeakMap<TaxCode, Partial<Record<TaxpayerType, string[]>>>>();

/** Canonical spellings (as Rate.text), highest first. */
function allowedSet(code: TaxCode, taxpayerType: TaxpayerType, rules: RateRules): string[] {
  const provided = rules.providerRates?.(code.code, taxpayerType);
  let perRules = allowedCache.get(rules);
  if (!perRules) allowedCache.set(rules, (perRules = new WeakMap()));
  let perCode = perRules.get(code);
  if (!perCode) perRules.set(code, (perCode = {}));
  const cached = provided === undefined ? perCode[taxpayerType] : undefined;
  if (cached) return cached;
  const list = provided ?? [...(taxpayerType === 'general' ? code.rateFractions : rules.smallScaleRates), ...simplifiedRatesOf(code)];
  const decimals = [...new Map(list.map((r) => new Decimal(r)).map((d) => [d.toFixed(), d])).values()]
    .filter((d) => !d.isZero())
    .sort((a, b) => b.comparedTo(a));
  const set = decimals.map((d) => d.toFixed());
  if (provided === undefined) perCode[taxpayerType] = set;
  return set;
}

/** The non-zero rates a line on this code may carry for this seller (0 needs a policy, see checkLineRate). */
export function allowedRates(code: TaxCode, taxpayerType: TaxpayerType, rules: RateRules = DEFAULT_RATE_RULES): string[] {
  return [...allowedSet(code, taxpayerType, rules)];
}

/** The line's rate against its code, the seller's taxpayer type and its policy (免税 ⇒ rate 0, …). */
export function checkLineRate(
  code: TaxCode,
  rate: Rate,
  policy: string | undefined,
  taxpayerType: TaxpayerType,
  path: string,
  lineNo: number,
  rules: RateRules = DEFAULT_RATE_RULES,
): AppError[] {
  const errors: AppError[] = [];
  const n = `第${lineNo}行`;
  const l = `Line ${lineNo}`;
  const p = policy?.trim() || undefined;
  const notTaxedCode = code.code.startsWith('6');

  if (p !== undefined) {
    if (!(p in POLICY_CODES)) {
      errors.push(appError('POLICY_UNKNOWN', `${n}：优惠政策“${p}”不是有效的增值税特殊管理项目`, `${l}: "${p}" is not a known VAT special-management policy`, `${path}.policy`));
      return errors;
    }
    const forCode = code.policies.includes(p) || (p === '免税' && taxpayerType === 'small' && rules.smallScaleExemptAnyCode);
    if (!forCode)
      errors.push(
        appError(
          'POLICY_NOT_FOR_CODE',
          `${n}：该税收分类编码不适用“${p}”${code.policies.length ? `（可用：${code.policies.join('、')}）` : ''}`,
          `${l}: policy "${p}" does not apply to this tax code${code.policies.length ? ` (allowed: ${code.policies.join(', ')})` : ''}`,
          `${path}.policy`,
        ),
      );
    const fixed = POLICY_RATE[p];
    if (fixed !== undefined && rate.text !== fixed)
      errors.push(
        appError(
          fixed === '0' ? 'POLICY_RATE_NOT_ZERO' : 'POLICY_RATE_MISMATCH',
          `${n}：“${p}”的税率应为 ${percent(fixed)}，现为 ${percent(rate.value)}`,
          `${l}: "${p}" needs rate ${percent(fixed)}, not ${percent(rate.value)}`,
          `${path}.rate`,
        ),
      );
  }
  if (notTaxedCode && p !== '不征税')
    errors.push(appError('POLICY_NOT_TAXED_REQUIRED', `${n}：不征税项目须选择“不征税”`, `${l}: a non-taxable item (code 6…) must carry the policy 不征税`, `${path}.policy`));

  if (rate.value.isZero()) {
    if (p !== '免税' && p !== '不征税' && !notTaxedCode)
      errors.push(
        appError('RATE_ZERO_NEEDS_POLICY', `${n}：税率为 0 时须选择“免税”或“不征税”`, `${l}: a zero rate needs the policy 免税 (exempt) or 不征税 (not taxed)`, `${path}.policy`),
      );
    return errors;
  }
  if (p !== undefined && POLICY_RATE[p] !== undefined) return errors; // already judged against the policy's own rate
  const allowed = allowedSet(code, taxpayerType, rules);
  if (!allowed.includes(rate.text)) {
    const who = taxpayerType === 'general' ? '一般纳税人' : '小规模纳税人';
    const whoEn = taxpayerType === 'general' ? 'general taxpayer' : 'small-scale taxpayer';
    errors.push(
      appError(
        'RATE_NOT_ALLOWED',
        `${n}：${who}在该税收分类编码下不能使用 ${percent(rate.value)} 税率，可用：${allowed.map(percent).join('、') || '无'}`,
        `${l}: rate ${percent(rate.value)} is not allowed for this tax code and a ${whoEn}; allowed: ${allowed.map(percent).join(', ') || 'none'}`,
        `${path}.rate`,
      ),
    );
  }
  return errors;
}
