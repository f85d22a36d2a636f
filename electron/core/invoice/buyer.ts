import type { AppError, Draft } from '../../contract/index.ts';
import { OVERRIDABLE_TAXID_CODES, appError } from '../../contract/index.ts';
import { normalizeTaxId, validateTaxId } from './taxid.ts';

export interface BuyerRules {
  /**
   * Whether a 普票 to a buyer that is not a natural person needs the buyer's tax ID. The reference only
   * says it is optional for individuals (§1.4), so this is configuration; off by default.
   */
  orgNeedsTaxIdOnNormal: boolean;
}

export const DEFAULT_BUYER_RULES: BuyerRules = { orgNeedsTaxIdOnNormal: false };

const BUYER = { zh: '购买方纳税人识别号', en: 'Buyer tax ID' };

/**
 * The buyer against the invoice kind (docs/invoice-rules.md §1.4): a natural person needs no tax ID on a 普票, a 专票
 * needs the buyer's tax ID and refuses natural persons. Checksum failures are dropped when the draft
 * carries their code in `overrides` (the manager's audited override for this invoice).
 */
export function checkBuyer(draft: Draft, rules: BuyerRules = DEFAULT_BUYER_RULES): AppError[] {
  const errors: AppError[] = [];
  const { buyer } = draft;
  const special = draft.type === 'special';
  const natural = buyer.naturalPerson === true;
  const taxId = buyer.taxId?.trim() ?? '';
  if (buyer.name.trim() === '') errors.push(appError('BUYER_NAME_REQUIRED', '请填写购买方名称', 'Buyer name is required', 'buyer.name'));
  if (special && natural)
    errors.push(appError('SPECIAL_NATURAL_PERSON', '专票不能开给自然人，请改开普票', 'A special VAT invoice cannot be issued to a natural person; issue a normal invoice', 'buyer.naturalPerson'));
  if (taxId === '') {
    if (special) errors.push(appError('BUYER_TAX_ID_REQUIRED', '开专票须填写购买方纳税人识别号', 'A special VAT invoice needs the buyer tax ID', 'buyer.taxId'));
    else if (!natural && rules.orgNeedsTaxIdOnNormal)
      errors.push(appError('BUYER_TAX_ID_REQUIRED', '购买方为单位时须填写纳税人识别号', 'A buyer that is an organisation needs a tax ID', 'buyer.taxId'));
    return errors;
  }
  const checked = validateTaxId(taxId, 'buyer.taxId', BUYER);
  const overrides = new Set(draft.overrides ?? []);
  for (const e of checked.errors) {
    // A natural person may give an ID-card number: only its length and characters are checked.
    if (OVERRIDABLE_TAXID_CODES.includes(e.code) && (natural || overrides.has(e.code))) continue;
    errors.push(e);
  }
  return errors;
}

/** Overrides a draft may carry: only the checksum failures; anything else is refused, never ignored. */
export function checkOverrides(draft: Draft): AppError[] {
  return (draft.overrides ?? [])
    .filter((code) => !OVERRIDABLE_TAXID_CODES.includes(code))
    .map((code) =>
      appError('OVERRIDE_NOT_ALLOWED', `“${code}”不能由店长放行`, `"${code}" cannot be overridden (only ${OVERRIDABLE_TAXID_CODES.join(', ')})`, 'overrides'),
    );
}

/** The draft as it is stored and sent: the buyer's tax ID as the platform writes it (checked in that form). */
export function withNormalizedBuyer(draft: Draft): Draft {
  const { taxId } = draft.buyer;
  if (taxId === undefined || taxId === normalizeTaxId(taxId)) return draft;
  return { ...draft, buyer: { ...draft.buyer, taxId: normalizeTaxId(taxId) } };
}
