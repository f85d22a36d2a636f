import type { AppError } from '../../../electron/contract/index.ts';
import { useContext } from 'react';
import { LangContext } from '../i18n/react.ts';

/** The core's message for one field, right under it, in the cashier's words. */
export function FieldError({ errors, path, id }: { errors: AppError[]; path: string; id?: string }) {
  const lang = useContext(LangContext);
  const own = errors.filter((e) => e.path === path);
  if (own.length === 0) return null;
  return (
    <span className="field-error" role="alert" id={id}>
      {own.map((e) => (lang === 'en' ? e.message_en : e.message_zh)).join('；')}
    </span>
  );
}

export const hasError = (errors: AppError[], path: string) => errors.some((e) => e.path === path);
