import type { AppError } from '../../contract/index.ts';
import { appError } from '../../contract/index.ts';

/**
 * Taxpayer identification numbers (docs/invoice-rules.md §1). 18 characters: 统一社会信用代码 (GB 32100) with its own
 * check character and the embedded 组织机构代码 (GB 11714) check. 15, 17 and 20 characters: format only,
 * since no checksum for them is published.
 */
export type TaxIdKind = 'uscc' | '15' | '17' | '20';

export interface TaxIdResult {
  valid: boolean;
  kind: TaxIdKind | null;
  errors: AppError[];
}

/** GB 32100 charset: digits and capitals without I, O, S, V, Z; a symbol's value is its index. */
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const PLAIN_CHARSET = /^[0-9A-Z]$/;

/** Upper-cases and folds full-width characters, as the platform prints codes (§1.1). */
export function normalizeTaxId(input: string): string {
  return input.normalize('NFKC').trim().toUpperCase();
}

/** The GB 32100 check character for the first 17 characters (all in the USCC charset). */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** The GB 11714 check character for an organisation code's first 8 characters (0-9, A-Z). */
export function orgCodeCheckChar(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8[i]!, 36) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function kindOf(length: number): TaxIdKind | null {
  if (length === 18) return 'uscc';
  if (length === 15 || length === 17 || length === 20) return String(length) as TaxIdKind;
  return null;
}

/**
 * Checks a taxpayer ID and says which position is wrong. `path` is the field it came from
 * (e.g. `buyer.taxId`), `who` names it in messages.
 */
export function validateTaxId(input: string, path = 'taxId', who = { zh: '纳税人识别号', en: 'Tax ID' }): TaxIdResult {
  const id = normalizeTaxId(input);
  const errors: AppError[] = [];
  if (id === '') {
    errors.push(appError('TAXID_EMPTY', `请填写${who.zh}`, `${who.en} is empty`, path));
    return { valid: false, kind: null, errors };
  }
  const kind = kindOf(id.length);
  if (kind === null)
    errors.push(
      appError(
        'TAXID_LENGTH',
        `${who.zh}应为15、17、18或20位，现在是${id.length}位`,
        `${who.en} must have 15, 17, 18 or 20 characters, not ${id.length}`,
        path,
      ),
    );
  const uscc = kind === 'uscc';
  // Longer than any taxpayer ID (VARCHAR(20)): the length says it all; no error per character of a megabyte.
  if (id.length > 20) return { valid: false, kind, errors };
  [...id].forEach((ch, i) => {
    const ok = uscc ? USCC_CHARSET.includes(ch) : PLAIN_CHARSET.test(ch);
    if (!ok)
      errors.push(
        appError(
          'TAXID_CHAR',
          uscc
            ? `${who.zh}第${i + 1}位“${ch}”无效：只能是数字或大写字母（不含 I、O、S、V、Z）`
            : `${who.zh}第${i + 1}位“${ch}”无效：只能是数字或大写字母`,
          uscc
            ? `${who.en} position ${i + 1} "${ch}" is not allowed: digits and capitals except I, O, S, V, Z`
            : `${who.en} position ${i + 1} "${ch}" is not allowed: digits and capital letters only`,
          path,
        ),
      );
  });
  if (uscc) {
    // Positions 3–8: the registering authority's 行政区划码 (GB/T 2260), digits only (GB 32100).
    for (let i = 2; i < 8; i++) {
      const ch = id[i]!;
      if (!/[0-9]/.test(ch) && USCC_CHARSET.includes(ch))
        errors.push(
          appError(
            'TAXID_REGION',
            `${who.zh}第${i + 1}位“${ch}”无效：第3–8位是登记管理机关行政区划码，只能是数字`,
            `${who.en} position ${i + 1} "${ch}" is not allowed: positions 3–8 are the registering authority's region code, digits only`,
            path,
          ),
        );
    }
  }
  if (uscc && errors.length === 0) {
    // Positions 9–17 are the organisation code; its check character is position 17.
    const orgExpected = orgCodeCheckChar(id.slice(8, 16));
    if (id[16] !== orgExpected)
      errors.push(
        appError(
          'TAXID_ORG_CHECK',
          `${who.zh}第17位（组织机构代码校验位）应为“${orgExpected}”，实为“${id[16]}”：请核对第9–17位`,
          `${who.en} position 17 (organisation-code check) should be "${orgExpected}", not "${id[16]}": check positions 9–17`,
          path,
        ),
      );
    const expected = usccCheckChar(id.slice(0, 17));
    if (id[17] !== expected)
      errors.push(
        appError(
          'TAXID_USCC_CHECK',
          `${who.zh}第18位（校验码）应为“${expected}”，实为“${id[17]}”：请逐位核对；早期试点代码可由店长授权放行`,
          `${who.en} position 18 (check character) should be "${expected}", not "${id[17]}": check every position; a manager may override early pilot codes`,
          path,
        ),
      );
  }
  return { valid: errors.length === 0, kind, errors };
}
