import { useEffect, useId, useState } from 'react';
import type { Item } from '../../../electron/contract/calls-catalog.ts';
import { rateFromPercent } from '../shared/money.ts';
import { useDebounced } from '../shared/useDebounced.ts';
import { useT } from '../i18n/react.ts';
import { handleListKeys } from '../shared/listKeys.ts';

type Hit = { kind: 'item'; item: Item } | { kind: 'code'; code: string; name: string; shortName: string; rate: string };

/** One search box over the store's items and the tax code table; arrows and Enter pick. */
export function ItemSearch({ onPick }: { onPick: (item: Item) => void }) {
  const t = useT();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [active, setActive] = useState(0);
  const q = useDebounced(query.trim(), 120);

  useEffect(() => {
    if (q === '') return setHits([]);
    let live = true;
    void Promise.all([window.fapiao.searchItems({ query: q, limit: 6 }), window.fapiao.searchTaxCodes({ query: q, limit: 6 })]).then(([items, codes]) => {
      if (!live) return;
      setHits([
        ...items.map((item): Hit => ({ kind: 'item', item })),
        ...codes.map((c): Hit => ({ kind: 'code', code: c.code, name: c.name, shortName: c.shortName, rate: rateFromPercent(c.rates[0] ?? '') ?? '0.13' })),
      ]);
      setActive(0);
    });
    return () => {
      live = false;
    };
  }, [q]);

  const pick = (h: Hit | undefined) => {
    if (!h) return;
    onPick(h.kind === 'item' ? h.item : { name: h.name, taxCode: h.code, rate: h.rate, price: '' });
    setQuery('');
    setHits([]);
  };

  return (
    <div className="item-search">
      <input
        role="combobox"
        aria-label={t('搜索商品名称、编码')}
        aria-expanded={hits.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={hits.length > 0 ? `${listId}-${active}` : undefined}
        placeholder={t('搜索商品名称、编码')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => handleListKeys(e, { count: hits.length, setActive, pick: () => pick(hits[active]), close: () => setHits([]) })}
      />
      {hits.length > 0 && (
        <ul role="listbox" id={listId} aria-label="搜索结果" className="popup">
          {hits.map((h, i) => (
            <li
              key={h.kind === 'item' ? `i${h.item.id}` : `c${h.code}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(h);
              }}
            >
              {h.kind === 'item' ? (
                <>
                  <strong>{h.item.name}</strong> <span className="muted">¥{h.item.price}{h.item.unit ? `/${h.item.unit}` : ''}</span>
                </>
              ) : (
                <>
                  <span className="tag">税收分类</span> *{h.shortName}*{h.name} <span className="muted">{h.code}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
