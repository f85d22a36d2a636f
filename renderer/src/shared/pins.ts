import { MANAGER_PIN_MIN_DIGITS } from '../../../electron/contract/calls-settings.ts';

/** The manager's PIN as core requires it (PIN_TOO_SHORT otherwise): checked on screen first to say so at once. */
export const MANAGER_PIN = new RegExp(`^\\d{${MANAGER_PIN_MIN_DIGITS},12}$`);
export const MANAGER_PIN_RULE = '店长密码须为 6–12 位数字，两次输入一致';
