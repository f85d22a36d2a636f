import { useCallback, useEffect, useRef, useState } from 'react';
import type { Item } from '../../../electron/contract/calls-catalog.ts';
import { OVERRIDABLE_TAXID_CODES, type AppError, type ComputedInvoice, type InvoiceView } from '../../../electron/contract/index.ts';
import { newOrderNo } from '../shared/status.ts';
import { callErrors } from '../shared/errors.ts';
import { useFapiaoEvent } from '../shared/useEvent.ts';
import { useT } from '../i18n/react.ts';
import { BuyerPanel } from './BuyerPanel.tsx';
import { addItem, emptyBuyer, emptyLine, toDraft, type BuyerForm, type LineForm } from './draft.ts';
import { ItemSearch } from './ItemSearch.tsx';
import { LinesTable } from './LinesTable.tsx';
import { NewItemForm } from './NewItemForm.tsx';
import { OverrideApproval } from './OverrideApproval.tsx';
import { ConfirmAmount } from './ConfirmAmount.tsx';
import { QuickKeys } from './QuickKeys.tsx';
import { ResultPanel } from './ResultPanel.tsx';
import { Receipt } from '../shared/Receipt.tsx';
import { Totals } from './Totals.tsx';
import { useGlobalScanner } from './useScanner.ts';

/** Paths shown at their own field; anything else is listed by the issue button. */
const FIELD_PATH = /^(lines\[\d+\]\.(name|taxCode|quantity|unit|unitPrice|discount|rate)|buyer\.(name|taxId|address|phone|bank|account|email))$/;

/** One sale: scan or search items, buyer, one key (F9) to issue; the answer is immediate and then updated by events. */
export function CashierScreen({ seller }: { seller: { name: string; taxId: string } }) {
  const t = useT();
  const [orderNo, setOrderNo] = useState(newOrderNo);
  const [lines, setLines] = useState<LineForm[]>(() => [emptyLine()]);
  const [buyer, setBuyer] = useState<BuyerForm>(emptyBuyer);
  const [type, setType] = useState<'normal' | 'special'>('normal');
  const [preview, setPreview] = useState<ComputedInvoice | undefined>();
  const [errors, setErrors] = useState<AppError[]>([]);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [result, setResult] = useState<InvoiceView | undefined>();
  const [busy, setBusy] = useState(false);
  const [scan, setScan] = useState('');
  const [unknown, setUnknown] = useState<string | undefined>();
  const scanRef = useRef<HTMLInputElement>(null);

  // Totals update as the cashier types; an error shows once its field was left, or after F9.
  useEffect(() => {
    let live = true;
    window.fapiao.calcInvoice(toDraft(orderNo, buyer, lines, type)).then(
      (r) => {
        if (!live) return;
        setPreview(r.ok ? r.invoice : undefined);
        setErrors(r.ok ? [] : r.errors);
      },
      // A draft the contract refuses (e.g. "12." while typing): no stale totals, the reason at its field.
      (e: unknown) => {
        if (!live) return;
        setPreview(undefined);
        setErrors(callErrors(e));
      },
    );
    return () => {
      live = false;
    };
  }, [orderNo, buyer, lines, type]);

  useFapiaoEvent(
    'invoiceUpdated',
    useCallback((inv: InvoiceView) => setResult((cur) => (cur && cur.orderNo === inv.orderNo ? inv : cur)), []),
  );

  const add = useCallback((item: Item) => {
    setLines((ls) => addItem(ls, item));
    setUnknown(undefined);
  }, []);

  const onScan = useCallback(
    async (code: string) => {
      const item = await window.fapiao.findItemByBarcode({ barcode: code });
      if (item) add(item);
      else setUnknown(code);
    },
    [add],
  );
  useGlobalScanner((code) => void onScan(code), scanRef);

  // Checksum failures of the buyer's tax ID the manager may let through: set by a refused issue, kept
  // while the manager types the PIN (a wrong PIN replaces the errors), dropped when the tax ID changes.
  const [overridable, setOverridable] = useState<string[]>([]);
  useEffect(() => setOverridable([]), [buyer.taxId]);
  // A total above the store's threshold: core asks (AMOUNT_NEEDS_CONFIRM), the cashier confirms, the same
  // sale is sent again with `confirmed`. Any change to the lines drops the confirmation.
  const [confirmAsk, setConfirmAsk] = useState<AppError | undefined>();
  const [confirmed, setConfirmed] = useState(false);
  useEffect(() => setConfirmed(false), [lines]);

  const issue = useCallback(async (approvalPin?: string, confirm = confirmed) => {
    if (busy || result) return;
    setBusy(true);
    setAttempted(true);
    setConfirmAsk(undefined);
    try {
      const draft = toDraft(orderNo, buyer, lines, type);
      const request = approvalPin === undefined ? draft : { ...draft, overrides: overridable, approval: { pin: approvalPin } };
      const r = await window.fapiao.issueInvoice(confirm ? { ...request, confirmed: true } : request);
      if (!r.ok) {
        const ask = r.errors.find((e) => e.code === 'AMOUNT_NEEDS_CONFIRM');
        if (ask) {
          setConfirmAsk(ask);
          return;
        }
        setErrors(r.errors);
        const codes = r.errors.filter((e) => OVERRIDABLE_TAXID_CODES.includes(e.code)).map((e) => e.code);
        if (codes.length > 0) setOverridable(codes);
        const first = r.errors.find((e) => FIELD_PATH.test(e.path ?? ''));
        if (first) document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        return;
      }
      setErrors([]);
      setResult(r.invoice);
      // An update may have been pushed before the answer arrived: ask once more so the panel is never stale.
      void window.fapiao.getInvoice({ orderNo: r.invoice.orderNo }).then((latest) => latest && setResult(latest), () => undefined);
    } catch (e) {
      // Storage faults, offline limits, a lost connection: said on screen, never a silent F9.
      setErrors(callErrors(e));
    } finally {
      setBusy(false);
    }
  }, [busy, result, orderNo, buyer, lines, type, overridable, confirmed]);

  const nextSale = useCallback(() => {
    setOrderNo(newOrderNo());
    setLines([emptyLine()]);
    setBuyer(emptyBuyer());
    setResult(undefined);
    setErrors([]);
    setTouched(new Set());
    setAttempted(false);
    setOverridable([]);
    setConfirmAsk(undefined);
    setUnknown(undefined);
    scanRef.current?.focus();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F9') {
        e.preventDefault();
        if (result) nextSale();
        else void issue();
      } else if (e.key === 'F2' || e.key === 'F3') {
        // F2: back to the scan field; F3: the item search.
        e.preventDefault();
        (e.key === 'F2' ? scanRef.current : document.querySelector<HTMLInputElement>('.item-search input'))?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [issue, nextSale, result]);

  const visible = attempted ? errors : errors.filter((e) => e.path !== undefined && touched.has(e.path));
  const general = attempted ? errors.filter((e) => !FIELD_PATH.test(e.path ?? '')) : [];
  const touch = useCallback((path: string) => setTouched((s) => (s.has(path) ? s : new Set(s).add(path))), []);

  return (
    <main className="cashier" aria-label={t('收银')}>
      <section className="entry panel" aria-label="录入商品">
        <div className="row">
          <input
            ref={scanRef}
            className="scan"
            aria-label={t('扫码或输入条码')}
            placeholder={`▍${t('扫码或输入条码')} (F2)`}
            autoFocus
            inputMode="numeric"
            value={scan}
            onChange={(e) => setScan(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && scan.trim() !== '') {
                e.preventDefault();
                void onScan(scan.trim());
                setScan('');
              }
            }}
          />
          <ItemSearch onPick={add} />
        </div>
        {unknown !== undefined && (
          <div className="unknown" role="alert">
            {t('未找到条码 {code}', { code: unknown })}
            <NewItemForm
              barcode={unknown}
              onSaved={(item) => {
                add(item);
                scanRef.current?.focus();
              }}
              onCancel={() => setUnknown(undefined)}
            />
          </div>
        )}
        <QuickKeys onPick={add} />
      </section>

      <section className="lines panel" aria-label={t('商品明细')}>
        {/* An issued sale is final: its lines are shown, not edited (the next sale starts clean). */}
        <fieldset className="plain" disabled={result !== undefined}>
        <LinesTable
          lines={lines}
          errors={visible}
          computed={preview}
          onChange={(key, patch) => setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)))}
          onRemove={(key) => setLines((ls) => (ls.length > 1 ? ls.filter((x) => x.key !== key) : [emptyLine()]))}
          onTouch={touch}
        />
        <button type="button" onClick={() => setLines((ls) => [...ls, emptyLine()])}>
          {t('+ 空白行')}
        </button>
        </fieldset>
      </section>

      {result ? (
        <section className="panel receipt-preview" aria-label="小票预览">
          <Receipt invoice={result} seller={seller} />
        </section>
      ) : (
        <BuyerPanel buyer={buyer} type={type} errors={visible} onChange={setBuyer} onType={setType} onTouch={touch} />
      )}

      <Totals preview={preview} orderNo={orderNo} errors={general}>
        {result === undefined ? (
          <>
            {overridable.length > 0 && <OverrideApproval onApprove={(pin) => issue(pin)} />}
            {confirmAsk && (
              <ConfirmAmount
                ask={confirmAsk}
                onConfirm={() => {
                  setConfirmed(true);
                  void issue(undefined, true);
                }}
                onCancel={() => setConfirmAsk(undefined)}
              />
            )}
            <button type="button" className="issue" onClick={() => void issue()} disabled={busy}>
              {t('开具发票 (F9)')}
            </button>
          </>
        ) : (
          <>
            <ResultPanel invoice={result} email={buyer.email} />
            <button type="button" className="issue next" onClick={nextSale}>
              {t('下一单')} (F9)
            </button>
          </>
        )}
      </Totals>
    </main>
  );
}
