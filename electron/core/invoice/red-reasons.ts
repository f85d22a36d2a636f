/**
 * 红冲原因 (docs/invoice-rules.md §5.2): the bureau (数电, 乐企 chyyDm) and the providers (Nuonuo redReason, Baiwang
 * redIssueReason, 税控-era APIs) number the same four reasons differently; 01 and 02 are swapped.
 * Mapped explicitly, never by arithmetic.
 */
export type RedReason = 'issuedInError' | 'goodsReturned' | 'serviceStopped' | 'salesAllowance';

export interface RedReasonCodes {
  /** 数电 / 乐企 chyyDm. */
  bureau: '01' | '02' | '03' | '04';
  /** Nuonuo, Baiwang and 税控-era APIs. */
  provider: '1' | '2' | '3' | '4';
  zh: string;
  en: string;
}

export const RED_REASONS: Readonly<Record<RedReason, RedReasonCodes>> = {
  issuedInError: { bureau: '01', provider: '2', zh: '开票有误', en: 'issued in error' },
  goodsReturned: { bureau: '02', provider: '1', zh: '销货退回', en: 'goods returned' },
  serviceStopped: { bureau: '03', provider: '3', zh: '服务中止', en: 'service stopped' },
  salesAllowance: { bureau: '04', provider: '4', zh: '销售折让', en: 'sales allowance' },
};

const BY_BUREAU: Readonly<Record<string, RedReason>> = { '01': 'issuedInError', '02': 'goodsReturned', '03': 'serviceStopped', '04': 'salesAllowance' };
const BY_PROVIDER: Readonly<Record<string, RedReason>> = { '2': 'issuedInError', '1': 'goodsReturned', '3': 'serviceStopped', '4': 'salesAllowance' };

export function redReasonFromBureau(code: string): RedReason | undefined {
  return BY_BUREAU[code];
}

export function redReasonFromProvider(code: string): RedReason | undefined {
  return BY_PROVIDER[code];
}

/** The provider's code for a bureau code (and back): 01 ⇄ 2, 02 ⇄ 1, 03 ⇄ 3, 04 ⇄ 4. */
export function bureauToProviderReason(code: string): string | undefined {
  const r = BY_BUREAU[code];
  return r && RED_REASONS[r].provider;
}

export function providerToBureauReason(code: string): string | undefined {
  const r = BY_PROVIDER[code];
  return r && RED_REASONS[r].bureau;
}
