import { describe, expect, it } from 'vitest';
import { Decimal, isBeyondMaxAmount, isStrictlyPositive, isWithin, money, moneyString } from '../../../electron/core/invoice/money.ts';

const d = (v: string) => new Decimal(v);

describe('money helpers (the calculation’s shortcuts around decimal.js copies)', () => {
  it('moneyString pads amounts already to the fen and rounds the rest half-up', () => {
    expect(['12', '12.3', '12.30', '12.34', '-0.5', '0', '-0', '1e3'].map((v) => moneyString(d(v)))).toEqual(['12.00', '12.30', '12.30', '12.34', '-0.50', '0.00', '0.00', '1000.00']);
    expect(['12.345', '-12.345', '0.004', '12.3449'].map((v) => moneyString(d(v)))).toEqual(['12.35', '-12.35', '0.00', '12.34']);
    expect(moneyString('7.1')).toBe('7.10');
  });

  it('money returns a value already to the fen as it is and rounds others half away from zero', () => {
    const v = d('3.10');
    expect(money(v)).toBe(v);
    expect(money(d('2.005')).toFixed()).toBe('2.01');
    expect(money(d('-2.005')).toFixed()).toBe('-2.01');
  });

  it('isWithin: |value| ≤ bound, exact at the bound, on either side of zero', () => {
    const bound = d('0.06');
    expect(isWithin(d('0.06'), bound)).toBe(true);
    expect(isWithin(d('-0.06'), bound)).toBe(true);
    expect(isWithin(d('0.0600000001'), bound)).toBe(false);
    expect(isWithin(d('-0.061'), bound)).toBe(false);
    expect(isWithin(d('0.0099'), bound)).toBe(true);
    expect(isWithin(d('0.1'), bound)).toBe(false);
    expect(isWithin(d('0'), d('0'))).toBe(true);
    expect(isWithin(d('0.001'), d('0'))).toBe(false);
    expect(isWithin(d('0.01'), d('0.01'))).toBe(true);
    expect(isWithin(d('0.011'), d('0.01'))).toBe(false);
  });

  it('isBeyondMaxAmount: from 1e16 on, either sign', () => {
    expect(isBeyondMaxAmount(d('9999999999999999.99'))).toBe(false);
    expect(isBeyondMaxAmount(d('10000000000000000'))).toBe(true);
    expect(isBeyondMaxAmount(d('-10000000000000000'))).toBe(true);
    expect(isBeyondMaxAmount(d('0'))).toBe(false);
    expect(isBeyondMaxAmount(d('0.01'))).toBe(false);
  });

  it('isStrictlyPositive: above zero, not at it', () => {
    expect(['1', '0.0000000000001', '0', '-0', '-1'].map((v) => isStrictlyPositive(d(v)))).toEqual([true, true, false, false, false]);
  });
});
