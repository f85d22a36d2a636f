import type { AppError, ComputedInvoice } from '../../../electron/contract/index.ts';
import { FieldError, hasError } from '../shared/FieldError.tsx';
import { ratePercent } from '../shared/money.ts';
import { useT } from '../i18n/react.ts';
import type { LineForm } from './draft.ts';

export const RATES = ['0.13', '0.09', '0.06', '0.05', '0.03', '0.01', '0'];

interface Props {
  lines: LineForm[];
  errors: AppError[];
  computed: ComputedInvoice | undefined;
  onChange: (key: number, patch: Partial<LineForm>) => void;
  onRemove: (key: number) => void;
  onTouch: (path: string) => void;
}

/** The sale's lines, edited in place; each field shows its own error beneath it. */
export function LinesTable({ lines, errors, computed, onChange, onRemove, onTouch }: Props) {
  const t = useT();
  // The computed lines include discount lines; match each form line to its own (normal) line.
  const normal = computed?.lines.filter((l) => l.kind === 'normal') ?? [];
  const field = (l: LineForm, i: number, name: keyof LineForm, label: string, mode?: 'decimal' | 'numeric') => {
    const path = `lines[${i}].${name}`;
    return (
      <td>
        <input
          aria-label={`第${i + 1}行${label}`}
          aria-invalid={hasError(errors, path) || undefined}
          aria-describedby={hasError(errors, path) ? `err-${l.key}` : undefined}
          inputMode={mode}
          value={String(l[name] ?? '')}
          onChange={(e) => onChange(l.key, { [name]: e.target.value })}
          onBlur={() => onTouch(path)}
        />
      </td>
    );
  };
  return (
    <table className="lines-table">
      <thead>
        <tr>
          <th className="c-name">{t('商品名称')}</th>
          <th className="c-code">{t('税收分类编码')}</th>
          <th className="c-num">{t('数量')}</th>
          <th className="c-unit">{t('单位')}</th>
          <th className="c-num">{t('单价（含税）')}</th>
          <th className="c-num">{t('折扣')}</th>
          <th className="c-rate">{t('税率')}</th>
          <th className="c-num">{t('金额')}</th>
          <th className="c-del" />
        </tr>
      </thead>
      <tbody>
        {lines.map((l, i) => {
          const own = errors.filter((e) => e.path?.startsWith(`lines[${i}].`));
          return [
          <tr key={l.key} data-barcode={l.barcode}>
            {field(l, i, 'name', '商品名称')}
            {field(l, i, 'taxCode', '税收分类编码', 'numeric')}
            {field(l, i, 'quantity', '数量', 'decimal')}
            {field(l, i, 'unit', '单位')}
            {field(l, i, 'unitPrice', '单价', 'decimal')}
            {field(l, i, 'discount', '折扣', 'decimal')}
            <td>
              <select aria-label={`第${i + 1}行税率`} aria-invalid={hasError(errors, `lines[${i}].rate`) || undefined} aria-describedby={hasError(errors, `lines[${i}].rate`) ? `err-${l.key}` : undefined} value={l.rate} onChange={(e) => onChange(l.key, { rate: e.target.value })}>
                {RATES.map((r) => (
                  <option key={r} value={r}>
                    {ratePercent(r)}
                  </option>
                ))}
              </select>
            </td>
            <td className="num" aria-label={`第${i + 1}行金额`}>
              {normal[i] ? normal[i].amount : '—'}
            </td>
            <td>
              <button type="button" className="icon" aria-label={`删除第${i + 1}行`} onClick={() => onRemove(l.key)}>
                ✕
              </button>
            </td>
          </tr>,
          own.length > 0 && (
            <tr key={`${l.key}-err`} className="line-errors">
              <td colSpan={9} id={`err-${l.key}`}>
                {[...new Set(own.map((e) => e.path!))].map((path) => (
                  <FieldError key={path} errors={own} path={path} />
                ))}
              </td>
            </tr>
          ),
          ];
        })}
      </tbody>
    </table>
  );
}
