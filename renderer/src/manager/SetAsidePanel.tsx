import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { SetAsideItemSchema } from '../../../electron/contract/index.ts';
import { errorText } from '../shared/errors.ts';
import { useFapiaoEvent } from '../shared/useEvent.ts';
import { useT } from '../i18n/react.ts';

type SetAside = z.infer<typeof SetAsideItemSchema>;

/**
 * Unsent invoices set aside because they can never be sent as they are (too large for one request, or
 * refused as a whole again and again): the rest of the queue goes on. The manager reads why and, once the
 * cause is fixed, sends one again (docs/queue-and-sync.md, "Set aside"). Nothing here is rejected or deleted.
 */
export function SetAsidePanel() {
  const t = useT();
  const [items, setItems] = useState<SetAside[]>([]);
  const [note, setNote] = useState('');
  const load = useCallback(() => void window.fapiao.listSetAside({}).then(setItems, () => setItems([])), []);
  useEffect(load, [load]);
  useFapiaoEvent('queueChanged', load);
  if (items.length === 0 && note === '') return null;
  return (
    <section className="set-aside" aria-label={t('已搁置的发票')}>
      <h3>{t('已搁置的发票')}</h3>
      {note && <p role="status" className="note">{note}</p>}
      <table className="data" aria-label={t('已搁置的发票')}>
        <tbody>
          {items.map((a) => (
            <tr key={a.invoice.orderNo}>
              <td className="mono">{a.invoice.orderNo}</td>
              <td>{a.invoice.buyerName}</td>
              <td className="num">{a.invoice.invoice.total}</td>
              <td>{a.reason}</td>
              <td>
                <button
                  type="button"
                  aria-label={`${t('重新上传')} ${a.invoice.orderNo}`}
                  onClick={() =>
                    void window.fapiao.retrySetAside({ orderNo: a.invoice.orderNo }).then(
                      () => setNote(`${a.invoice.orderNo}：${t('已重新排队上传')}`),
                      (e: unknown) => setNote(errorText(e)),
                    )
                  }
                >
                  {t('重新上传')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
