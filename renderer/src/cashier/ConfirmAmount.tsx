import { useContext, useEffect, useRef } from 'react';
import type { AppError } from '../../../electron/contract/index.ts';
import { LangContext, useT } from '../i18n/react.ts';

/**
 * The total is above the store's confirmation threshold (AMOUNT_NEEDS_CONFIRM): the cashier checks the
 * amount before it is issued, so a slip of the scanner (a barcode read as a quantity) is caught here.
 */
export function ConfirmAmount({ ask, onConfirm, onCancel }: { ask: AppError; onConfirm: () => void; onCancel: () => void }) {
  const t = useT();
  const lang = useContext(LangContext);
  const back = useRef<HTMLButtonElement>(null);
  // Focus on "back": Enter or F9 held down must not confirm a large amount by accident.
  useEffect(() => back.current?.focus(), []);
  return (
    <div
      className="confirm-amount"
      role="alertdialog"
      aria-modal="true"
      aria-label={t('确认金额')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <p>{lang === 'en' ? ask.message_en : ask.message_zh}</p>
      <button type="button" ref={back} onClick={onCancel}>
        {t('返回修改')}
      </button>
      <button type="button" className="confirm" onClick={onConfirm}>
        {t('金额无误，开具')}
      </button>
    </div>
  );
}
