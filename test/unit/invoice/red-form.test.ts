import { describe, expect, it } from 'vitest';
import { checkCancel } from '../../../electron/core/invoice/lifecycle.ts';
import {
  applyRedFormEvent,
  canIssueRed,
  expireRedForm,
  newRedForm,
  redFormDeadline,
  type RedForm,
  type RedFormEvent,
} from '../../../electron/core/invoice/red-form.ts';

const H = 3_600_000;

function run(events: RedFormEvent[]): RedForm {
  let form = newRedForm(0);
  for (const e of events) {
    const r = applyRedFormEvent(form, e);
    if (!r.ok) throw new Error(r.error.code);
    form = r.form;
  }
  return form;
}

describe('红字确认单 state machine', () => {
  it('seller-entered, no confirmation needed: 01, then the red invoice', () => {
    const form = run([{ type: 'submitted', by: 'seller', needsConfirmation: false, at: 1 }]);
    expect(form.state).toBe('01');
    expect(canIssueRed(form)).toBe(true);
    expect(run([{ type: 'submitted', by: 'seller', needsConfirmation: false, at: 1 }, { type: 'redIssued', at: 2 }]).state).toBe('redIssued');
  });

  it('seller-entered awaiting the buyer: 02 → 04 on confirmation, 05 on denial', () => {
    const sub: RedFormEvent = { type: 'submitted', by: 'seller', needsConfirmation: true, at: 0 };
    expect(run([sub]).state).toBe('02');
    expect(canIssueRed(run([sub]))).toBe(false);
    expect(run([sub, { type: 'confirmed', at: H }]).state).toBe('04');
    expect(run([sub, { type: 'denied', at: H }]).state).toBe('05');
  });

  it('buyer-entered: 03 → 04, or 06 on the seller’s denial', () => {
    const sub: RedFormEvent = { type: 'submitted', by: 'buyer', needsConfirmation: true, at: 0 };
    expect(run([sub]).state).toBe('03');
    expect(run([sub, { type: 'confirmed', at: H }]).state).toBe('04');
    expect(run([sub, { type: 'denied', at: H }]).state).toBe('06');
  });

  it('lapses after 72 hours (07); confirmation after that is refused', () => {
    const form = run([{ type: 'submitted', by: 'seller', needsConfirmation: true, at: 0 }]);
    expect(redFormDeadline(form)).toBe(72 * H);
    expect(expireRedForm(form, 72 * H - 1).state).toBe('02');
    expect(expireRedForm(form, 72 * H).state).toBe('07');
    const late = applyRedFormEvent(form, { type: 'confirmed', at: 72 * H });
    expect(late.ok ? late.form.state : late.error.code).toBe('RED_FORM_EXPIRED');
    const early = applyRedFormEvent(form, { type: 'expired', at: 71 * H });
    expect(early.ok ? early.form.state : early.error.code).toBe('RED_FORM_NOT_EXPIRED');
    expect(redFormDeadline(form, { confirmHours: 24 })).toBe(24 * H);
  });

  it('withdrawal: 08 before confirmation, 09 after', () => {
    expect(run([{ type: 'submitted', by: 'seller', needsConfirmation: true, at: 0 }, { type: 'withdrawn', at: 1 }]).state).toBe('08');
    expect(run([{ type: 'submitted', by: 'seller', needsConfirmation: false, at: 0 }, { type: 'withdrawn', at: 1 }]).state).toBe('09');
  });

  it('refuses illegal steps and leaves terminal states alone', () => {
    const denied = run([{ type: 'submitted', by: 'seller', needsConfirmation: true, at: 0 }, { type: 'denied', at: 1 }]);
    for (const e of [{ type: 'confirmed', at: 2 }, { type: 'redIssued', at: 2 }, { type: 'abnormal', at: 2 }] as RedFormEvent[]) {
      const r = applyRedFormEvent(denied, e);
      expect(r.ok ? r.form.state : r.error.code).toBe('RED_FORM_BAD_TRANSITION');
    }
    const draft = newRedForm(0);
    expect(applyRedFormEvent(draft, { type: 'confirmed', at: 1 }).ok).toBe(false);
    expect(applyRedFormEvent(draft, { type: 'redIssued', at: 1 }).ok).toBe(false);
  });

  it('accepts platform-reported states one legal step away, no others', () => {
    const form = run([{ type: 'submitted', by: 'seller', needsConfirmation: true, at: 0 }]);
    const r = applyRedFormEvent(form, { type: 'platform', state: '04', at: 1 });
    expect(r.ok && r.form.state).toBe('04');
    expect(applyRedFormEvent(form, { type: 'platform', state: '06', at: 1 }).ok).toBe(false);
    expect(applyRedFormEvent(form, { type: 'platform', state: '01', at: 1 }).ok).toBe(false);
  });
});

describe('cancelling versus voiding', () => {
  it('only a queued, never-submitted invoice can be cancelled; issued ones need a red invoice', () => {
    expect(checkCancel('queued', false)).toEqual([]);
    expect(checkCancel('queued', true).map((e) => e.code)).toEqual(['SUBMITTED_CANNOT_CANCEL']);
    expect(checkCancel('retry', true).map((e) => e.code)).toEqual(['SUBMITTED_CANNOT_CANCEL']);
    expect(checkCancel('submitting', false).map((e) => e.code)).toEqual(['SUBMITTED_CANNOT_CANCEL']);
    expect(checkCancel('issued', true).map((e) => e.code)).toEqual(['ISSUED_CANNOT_VOID']);
    expect(checkCancel('cancelled', false).map((e) => e.code)).toEqual(['ALREADY_CANCELLED']);
  });
});
