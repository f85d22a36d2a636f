/**
 * Exact sums of the decimal strings core sends (e.g. tax by rate): fen as BigInt, never floating point.
 * The renderer adds up what it was given for display; core stays the authority for every figure.
 */
export function toFenBig(s: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) return 0n;
  const frac = (m[3] ?? '').padEnd(2, '0').slice(0, 2);
  const fen = BigInt(m[2]!) * 100n + BigInt(frac);
  return m[1] === '-' ? -fen : fen;
}

export function fenToString(fen: bigint): string {
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export function sumMoney(values: string[]): string {
  return fenToString(values.reduce((s, v) => s + toFenBig(v), 0n));
}

/** 0.13 → 13%, 0.015 → 1.5%, without floating point surprises. */
export function ratePercent(rate: string): string {
  const m = /^0?\.(\d+)$/.exec(rate) ?? /^(0)$/.exec(rate);
  if (!m) return rate === '1' ? '100%' : rate;
  if (m[1] === '0') return '0%';
  const digits = m[1]!.padEnd(2, '0');
  const whole = String(Number(digits.slice(0, 2)));
  const rest = digits.slice(2).replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''}%`;
}

/** The code table's "13%" as the contract's rate fraction "0.13" (string shifting, exact). */
export function rateFromPercent(p: string): string | undefined {
  const m = /^(\d+)(?:\.(\d+))?%$/.exec(p.trim());
  if (!m) return undefined;
  const w = m[1]!.padStart(3, '0');
  const int = w.slice(0, -2).replace(/^0+(?=\d)/, '');
  const frac = (w.slice(-2) + (m[2] ?? '')).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}
