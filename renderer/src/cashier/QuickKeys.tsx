import { useEffect, useState } from 'react';
import type { Item } from '../../../electron/contract/calls-catalog.ts';
import { useT } from '../i18n/react.ts';

/** The store's quick keys: one touch adds the item. */
export function QuickKeys({ onPick }: { onPick: (item: Item) => void }) {
  const t = useT();
  const [items, setItems] = useState<Item[]>([]);
  useEffect(() => {
    void window.fapiao.quickKeys({}).then(setItems);
  }, []);
  if (items.length === 0) return null;
  return (
    <nav className="quick-keys" aria-label={t('快捷键')}>
      {items.map((item) => (
        <button type="button" key={item.id} onClick={() => onPick(item)} aria-label={`${item.name} ¥${item.price}`}>
          <span>{item.name}</span>
          <small>¥{item.price}</small>
        </button>
      ))}
    </nav>
  );
}
