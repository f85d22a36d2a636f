import { useState } from 'react';
import type { Item } from '../../../electron/contract/calls-catalog.ts';
import { FapiaoError } from '../../../electron/contract/errors.ts';
import { useT } from '../i18n/react.ts';
import { RATES } from './LinesTable.tsx';
import { ratePercent } from '../shared/money.ts';

/** Adds an item to the store's catalogue (from an unknown barcode, or in settings). */
export function NewItemForm({ barcode, onSaved, onCancel }: { barcode?: string; onSaved: (item: Item) => void; onCancel?: () => void }) {
  const t = useT();
  const [f, setF] = useState({ barcode: barcode ?? '', name: '', unit: '', price: '', taxCode: '', rate: '0.13', category: '', quickKey: '' });
  const [error, setError] = useState('');
  const field = (key: keyof typeof f, label: string, mode?: 'decimal' | 'numeric') => (
    <label className="field">
      {label}
      <input aria-label={`商品${label}`} inputMode={mode} value={f[key]} onChange={(e) => setF({ ...f, [key]: e.target.value })} />
    </label>
  );
  const save = async () => {
    try {
      const item = await window.fapiao.saveItem({
        name: f.name,
        price: f.price,
        taxCode: f.taxCode,
        rate: f.rate,
        ...(f.barcode ? { barcode: f.barcode } : {}),
        ...(f.unit ? { unit: f.unit } : {}),
        ...(f.category ? { category: f.category } : {}),
        ...(f.quickKey ? { quickKey: Number(f.quickKey) } : {}),
      });
      setError('');
      onSaved(item);
    } catch (e) {
      setError(e instanceof FapiaoError ? e.errors.map((x) => x.message_zh).join('；') : '请填写名称、价格（如 3.50）和 19 位税收分类编码');
    }
  };
  return (
    <form
      className="new-item panel"
      aria-label={t('新建商品')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="grid4">
        {field('barcode', '条码', 'numeric')}
        {field('name', '名称')}
        {field('price', '单价', 'decimal')}
        {field('unit', '单位')}
        {field('taxCode', '税收分类编码', 'numeric')}
        <label className="field">
          税率
          <select aria-label="商品税率" value={f.rate} onChange={(e) => setF({ ...f, rate: e.target.value })}>
            {RATES.map((r) => (
              <option key={r} value={r}>
                {ratePercent(r)}
              </option>
            ))}
          </select>
        </label>
        {field('category', '分类')}
        {field('quickKey', '快捷键位置', 'numeric')}
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      <div className="row">
        <button type="submit" className="primary">{t('保存')}</button>
        {onCancel && <button type="button" onClick={onCancel}>{t('取消')}</button>}
      </div>
    </form>
  );
}
