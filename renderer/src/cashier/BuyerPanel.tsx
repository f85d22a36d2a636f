import { useEffect, useId, useState } from 'react';
import type { BuyerHit } from '../../../electron/contract/calls-catalog.ts';
import type { AppError } from '../../../electron/contract/index.ts';
import { FieldError, hasError } from '../shared/FieldError.tsx';
import { useDebounced } from '../shared/useDebounced.ts';
import { useT } from '../i18n/react.ts';
import type { BuyerForm } from './draft.ts';
import { parseTitleText } from './title-parser.ts';
import { handleListKeys } from '../shared/listKeys.ts';

interface Props {
  buyer: BuyerForm;
  type: 'normal' | 'special';
  errors: AppError[];
  onChange: (b: BuyerForm) => void;
  onType: (t: 'normal' | 'special') => void;
  onTouch: (path: string) => void;
}

/** Person or company; a company is found among past buyers by name or tax ID, or read from pasted 抬头 text. */
export function BuyerPanel({ buyer, type, errors, onChange, onType, onTouch }: Props) {
  const t = useT();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<BuyerHit[]>([]);
  const [active, setActive] = useState(0);
  const [paste, setPaste] = useState('');
  const q = useDebounced(query, 120);

  useEffect(() => {
    if (buyer.kind !== 'company' || q.trim().length < 2) return setHits([]);
    let live = true;
    void window.fapiao.lookupBuyers({ query: q.trim(), limit: 6 }).then((h) => {
      if (live) {
        setHits(h);
        setActive(0);
      }
    });
    return () => {
      live = false;
    };
  }, [q, buyer.kind]);

  const set = (patch: Partial<BuyerForm>) => onChange({ ...buyer, ...patch });
  const pick = (h: BuyerHit | undefined) => {
    if (!h) return;
    onChange({ ...buyer, kind: 'company', name: h.name, taxId: h.taxId, address: h.address ?? '', phone: h.phone ?? '', bank: h.bank ?? '', account: h.account ?? '', email: h.email ?? buyer.email });
    setHits([]);
    setQuery('');
  };
  const readTitle = (text: string) => {
    const p = parseTitleText(text);
    if (!p.name && !p.taxId) return;
    onChange({
      ...buyer,
      kind: 'company',
      name: p.name ?? buyer.name,
      taxId: p.taxId ?? '',
      address: p.address ?? '',
      phone: p.phone ?? '',
      bank: p.bank ?? '',
      account: p.account ?? '',
      email: p.email ?? buyer.email,
    });
    setPaste('');
  };
  const lookupKeys = (e: React.KeyboardEvent) =>
    handleListKeys(e, { count: hits.length, setActive, pick: () => pick(hits[active]), close: () => setHits([]) });
  const company = buyer.kind === 'company';
  const text = (key: 'address' | 'phone' | 'bank' | 'account', label: string) => (
    <label className="field">
      {label}
      <input aria-label={label} value={buyer[key]} onChange={(e) => set({ [key]: e.target.value })} onBlur={() => onTouch(`buyer.${key}`)} />
      <FieldError errors={errors} path={`buyer.${key}`} />
    </label>
  );

  return (
    <section className="buyer panel" aria-label={t('购买方')}>
      <fieldset>
        <legend>{t('购买方')}</legend>
        <div className="row">
          <label className="radio">
            <input type="radio" name="buyer-kind" checked={!company} onChange={() => set({ kind: 'person', name: buyer.name || '个人' })} /> {t('个人')}
          </label>
          <label className="radio">
            <input type="radio" name="buyer-kind" checked={company} onChange={() => set({ kind: 'company', name: buyer.name === '个人' ? '' : buyer.name })} /> {t('单位名称')}
          </label>
          <label className="field inline">
            {t('发票种类')}
            <select aria-label={t('发票种类')} value={type} onChange={(e) => onType(e.target.value as 'normal' | 'special')}>
              <option value="normal">{t('数电普票')}</option>
              <option value="special">{t('数电专票')}</option>
            </select>
          </label>
        </div>
        <div className="combo">
          <label className="field">
            {company ? t('名称（发票抬头）') : t('姓名')}
            <input
              aria-label="购买方名称"
              role={company ? 'combobox' : undefined}
              aria-expanded={company ? hits.length > 0 : undefined}
              aria-controls={company ? listId : undefined}
              aria-invalid={hasError(errors, 'buyer.name') || undefined}
              value={buyer.name}
              onChange={(e) => {
                set({ name: e.target.value });
                setQuery(e.target.value);
              }}
              onKeyDown={lookupKeys}
              onBlur={() => onTouch('buyer.name')}
            />
          </label>
          <FieldError errors={errors} path="buyer.name" />
          {hits.length > 0 && (
            <ul role="listbox" id={listId} aria-label="历史购买方" className="popup">
              {hits.map((h, i) => (
                <li
                  key={h.taxId}
                  role="option"
                  aria-selected={i === active}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    pick(h);
                  }}
                >
                  <strong>{h.name}</strong> <span className="muted">{h.taxId}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        {company && (
          <>
            <label className="field">
              {t('纳税人识别号')}
              <input
                aria-label="纳税人识别号"
                aria-invalid={hasError(errors, 'buyer.taxId') || undefined}
                value={buyer.taxId}
                onChange={(e) => {
                  set({ taxId: e.target.value.toUpperCase() });
                  setQuery(e.target.value);
                }}
                onKeyDown={lookupKeys}
                onBlur={() => onTouch('buyer.taxId')}
              />
              <FieldError errors={errors} path="buyer.taxId" />
            </label>
            <div className="grid2">
              {text('address', '地址')}
              {text('phone', '电话')}
              {text('bank', '开户银行')}
              {text('account', '银行账号')}
            </div>
            <div className="paste">
              <label className="field">
                {t('粘贴或扫描发票抬头')}
                <textarea
                  aria-label="粘贴或扫描发票抬头"
                  rows={2}
                  value={paste}
                  onChange={(e) => setPaste(e.target.value)}
                  onPaste={(e) => {
                    const text = e.clipboardData.getData('text');
                    if (text) {
                      e.preventDefault();
                      readTitle(text);
                    }
                  }}
                />
              </label>
              <button type="button" onClick={() => readTitle(paste)}>
                {t('识别抬头')}
              </button>
            </div>
          </>
        )}
        <label className="field">
          {t('电子邮箱')}
          <input aria-label="购买方电子邮箱" type="email" value={buyer.email} onChange={(e) => set({ email: e.target.value })} onBlur={() => onTouch('buyer.email')} />
          <FieldError errors={errors} path="buyer.email" />
        </label>
      </fieldset>
    </section>
  );
}
