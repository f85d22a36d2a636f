/** The invoice rules: what the rest of the app calls. Pure; only the code table is read, once. */
export { computeInvoice, type CalcContext } from './compute.ts';
export { parseDraft } from './draft.ts';
export { checkInvoiceFigures, totalsOf } from './checks.ts';
export { validateTaxId, normalizeTaxId, usccCheckChar, orgCodeCheckChar, type TaxIdKind, type TaxIdResult } from './taxid.ts';
export { taxCodeTable, searchTaxCodes, setTaxCodeTablePath, buildTaxCodeTable, type TaxCode, type TaxCodeHit, type TaxCodeTable } from './taxcodes.ts';
export { allowedRates, POLICY_CODES, DEFAULT_RATE_RULES, type RateRules, type TaxpayerType } from './rates.ts';
export { itemNameOnInvoice } from './lines.ts';
export { INVOICE_KINDS, type InvoiceKind, type InvoiceType } from './kinds.ts';
export { checkCancel } from './lifecycle.ts';
export { buildRedInvoice, remainingOf, DEFAULT_RED_RULES, type RedInvoice, type RedLine, type RedRequest, type RedRules, type IssuedInvoice } from './red-letter.ts';
export { RED_REASONS, redReasonFromBureau, redReasonFromProvider, bureauToProviderReason, providerToBureauReason, type RedReason } from './red-reasons.ts';
export { applyRedFormEvent, canIssueRed, expireRedForm, newRedForm, redFormDeadline, RED_FORM_STATES, type RedForm, type RedFormEvent, type RedFormState } from './red-form.ts';
export { amountInWords } from './words.ts';
export { Decimal, money, moneyString, DEFAULT_TOLERANCES, type Tolerances } from './money.ts';
