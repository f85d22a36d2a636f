import type { AppError } from '../../contract/index.ts';
import { appError } from '../../contract/index.ts';

/**
 * The 红字发票信息确认单 (docs/invoice-rules.md §5.1) as a pure state machine. States 01–10 are the bureau's codes,
 * passed through unchanged by providers; 'draft' (not yet submitted) and 'redIssued' (the red invoice
 * exists) are the till's own. When a form needs confirmation is not published (§12.5): the platform's
 * answer to the submission says so, and the machine takes it as given.
 */
export type RedFormCode = '01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10';
export type RedFormState = 'draft' | RedFormCode | 'redIssued';

export const RED_FORM_STATES: Readonly<Record<RedFormState, { zh: string; en: string; terminal: boolean }>> = {
  draft: { zh: '未提交', en: 'not submitted', terminal: false },
  '01': { zh: '无需确认', en: 'no confirmation needed', terminal: false },
  '02': { zh: '销方录入待购方确认', en: 'entered by seller, awaiting buyer', terminal: false },
  '03': { zh: '购方录入待销方确认', en: 'entered by buyer, awaiting seller', terminal: false },
  '04': { zh: '购销双方已确认', en: 'confirmed by both parties', terminal: false },
  '05': { zh: '作废（销方录入购方否认）', en: 'void: buyer denied', terminal: true },
  '06': { zh: '作废（购方录入销方否认）', en: 'void: seller denied', terminal: true },
  '07': { zh: '作废（超72小时未确认）', en: 'void: not confirmed within 72 hours', terminal: true },
  '08': { zh: '作废（发起方已撤销）', en: 'void: withdrawn by initiator', terminal: true },
  '09': { zh: '作废（确认后撤销）', en: 'void: withdrawn after confirmation', terminal: true },
  '10': { zh: '作废（异常凭证）', en: 'void: abnormal voucher', terminal: true },
  redIssued: { zh: '红字发票已开具', en: 'red invoice issued', terminal: true },
};

export interface RedForm {
  state: RedFormState;
  initiator?: 'seller' | 'buyer';
  submittedAt?: number;
  updatedAt: number;
}

export type RedFormEvent =
  | { type: 'submitted'; by: 'seller' | 'buyer'; needsConfirmation: boolean; at: number }
  | { type: 'confirmed'; at: number }
  | { type: 'denied'; at: number }
  | { type: 'withdrawn'; at: number }
  | { type: 'abnormal'; at: number }
  | { type: 'expired'; at: number }
  | { type: 'redIssued'; at: number }
  /** A state the platform reported when polled; accepted when one legal step away. */
  | { type: 'platform'; state: RedFormCode; at: number };

export interface RedFormOptions {
  /** A form awaiting the other party lapses after this many hours (state 07). */
  confirmHours: number;
}

export const DEFAULT_RED_FORM_OPTIONS: RedFormOptions = { confirmHours: 72 };

export function newRedForm(at: number): RedForm {
  return { state: 'draft', updatedAt: at };
}

/** When a form awaiting confirmation lapses; undefined when it awaits nobody. */
export function redFormDeadline(form: RedForm, options: RedFormOptions = DEFAULT_RED_FORM_OPTIONS): number | undefined {
  if ((form.state !== '02' && form.state !== '03') || form.submittedAt === undefined) return undefined;
  return form.submittedAt + options.confirmHours * 3_600_000;
}

/** 01 or 04: the red invoice may be issued (in 数电 the bureau issues it; keep polling). */
export function canIssueRed(form: RedForm): boolean {
  return form.state === '01' || form.state === '04';
}

/** The states each state may move to: the whole machine in one table. */
const NEXT: Readonly<Record<RedFormState, readonly RedFormState[]>> = {
  draft: ['01', '02', '03'],
  '01': ['09', '10', 'redIssued'],
  '02': ['04', '05', '07', '08', '10'],
  '03': ['04', '06', '07', '08', '10'],
  '04': ['09', '10', 'redIssued'],
  '05': [], '06': [], '07': [], '08': [], '09': [], '10': [], redIssued: [],
};

function target(form: RedForm, event: RedFormEvent): RedFormState | undefined {
  const s = form.state;
  switch (event.type) {
    case 'submitted':
      return s === 'draft' ? (event.by === 'buyer' ? '03' : event.needsConfirmation ? '02' : '01') : undefined;
    case 'confirmed':
      return s === '02' || s === '03' ? '04' : undefined;
    case 'denied':
      return s === '02' ? '05' : s === '03' ? '06' : undefined;
    case 'withdrawn':
      return s === '02' || s === '03' ? '08' : s === '01' || s === '04' ? '09' : undefined;
    case 'expired':
      return s === '02' || s === '03' ? '07' : undefined;
    case 'abnormal':
      return '10';
    case 'redIssued':
      return 'redIssued';
    case 'platform':
      return event.state;
  }
}

/** Applies one event; an illegal step is an error and leaves the form as it was. */
export function applyRedFormEvent(
  form: RedForm,
  event: RedFormEvent,
  options: RedFormOptions = DEFAULT_RED_FORM_OPTIONS,
): { ok: true; form: RedForm } | { ok: false; error: AppError } {
  const next = target(form, event);
  const from = RED_FORM_STATES[form.state];
  if (next === undefined || !NEXT[form.state].includes(next))
    return {
      ok: false,
      error: appError('RED_FORM_BAD_TRANSITION', `红字确认单当前为“${from.zh}”，不能执行此操作`, `The red-letter form is "${from.en}"; this step is not allowed`, 'redForm.state'),
    };
  const deadline = redFormDeadline(form, options);
  if (deadline !== undefined) {
    if (next === '07' && event.type === 'expired' && event.at < deadline)
      return { ok: false, error: appError('RED_FORM_NOT_EXPIRED', `红字确认单确认期限未到（${options.confirmHours}小时）`, `The form has not yet passed its ${options.confirmHours}-hour deadline`, 'redForm.state') };
    if (next === '04' && event.type === 'confirmed' && event.at >= deadline)
      return { ok: false, error: appError('RED_FORM_EXPIRED', `红字确认单已超过${options.confirmHours}小时未确认，已作废`, `The form lapsed after ${options.confirmHours} hours without confirmation`, 'redForm.state') };
  }
  const updated: RedForm = { ...form, state: next, updatedAt: event.at };
  if (event.type === 'submitted') {
    updated.initiator = event.by;
    updated.submittedAt = event.at;
  }
  return { ok: true, form: updated };
}

/** Lapses a form whose confirmation deadline has passed (state 07); other forms are returned as they are. */
export function expireRedForm(form: RedForm, now: number, options: RedFormOptions = DEFAULT_RED_FORM_OPTIONS): RedForm {
  const deadline = redFormDeadline(form, options);
  return deadline !== undefined && now >= deadline ? { ...form, state: '07', updatedAt: now } : form;
}
