import type { BuyerHit, Item } from '../../contract/calls-catalog.ts';
import type { Db } from './db.ts';

/** The store's item catalogue and its past buyers (rows kept by migration 3's triggers). */

interface ItemRow {
  id: number;
  barcode: string | null;
  name: string;
  unit: string | null;
  spec: string | null;
  price: string;
  tax_code: string;
  rate: string;
  category: string | null;
  quick_key: number;
}

function toItem(r: ItemRow): Item {
  const item: Item = { id: r.id, name: r.name, price: r.price, taxCode: r.tax_code, rate: r.rate, quickKey: r.quick_key };
  if (r.barcode !== null) item.barcode = r.barcode;
  if (r.unit !== null) item.unit = r.unit;
  if (r.spec !== null) item.spec = r.spec;
  if (r.category !== null) item.category = r.category;
  return item;
}

/** LIKE with the user's % and _ taken literally. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function findItemByBarcode(db: Db, barcode: string): Item | null {
  const row = db.prepare('SELECT * FROM items WHERE barcode = ?').get(barcode.trim()) as ItemRow | undefined;
  return row ? toItem(row) : null;
}

export function searchItems(db: Db, query: string, limit: number): Item[] {
  const q = query.trim();
  if (q === '') return (db.prepare('SELECT * FROM items ORDER BY name LIMIT ?').all(limit) as ItemRow[]).map(toItem);
  const rows = db
    .prepare(
      `SELECT * FROM items WHERE name LIKE ? ESCAPE '\\' OR barcode LIKE ? ESCAPE '\\' OR tax_code LIKE ? ESCAPE '\\'
       ORDER BY (name LIKE ? ESCAPE '\\') DESC, name LIMIT ?`,
    )
    .all(likeContains(q), likePrefix(q), likePrefix(q), likePrefix(q), limit) as ItemRow[];
  return rows.map(toItem);
}

export function quickKeys(db: Db): Item[] {
  return (db.prepare('SELECT * FROM items WHERE quick_key > 0 ORDER BY quick_key LIMIT 24').all() as ItemRow[]).map(toItem);
}

/** Inserts or updates (by id, else by barcode) an item. */
export function saveItem(db: Db, item: Item, now: number): Item {
  return db.transaction(() => {
    const existing =
      item.id !== undefined
        ? (db.prepare('SELECT id FROM items WHERE id = ?').get(item.id) as { id: number } | undefined)
        : item.barcode
          ? (db.prepare('SELECT id FROM items WHERE barcode = ?').get(item.barcode) as { id: number } | undefined)
          : undefined;
    const values = [
      item.barcode?.trim() || null,
      item.name.trim(),
      item.unit ?? null,
      item.spec ?? null,
      item.price,
      item.taxCode,
      item.rate,
      item.category ?? null,
      item.quickKey ?? 0,
      now,
    ];
    let id: number;
    if (existing) {
      db.prepare(
        'UPDATE items SET barcode = ?, name = ?, unit = ?, spec = ?, price = ?, tax_code = ?, rate = ?, category = ?, quick_key = ?, updated_at = ? WHERE id = ?',
      ).run(...values, existing.id);
      id = existing.id;
    } else {
      id = Number(
        db
          .prepare('INSERT INTO items (barcode, name, unit, spec, price, tax_code, rate, category, quick_key, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(...values).lastInsertRowid,
      );
    }
    return toItem(db.prepare('SELECT * FROM items WHERE id = ?').get(id) as ItemRow);
  })();
}

interface BuyerRow {
  tax_id: string;
  name: string;
  address: string | null;
  phone: string | null;
  bank: string | null;
  account: string | null;
  email: string | null;
  uses: number;
  last_at: number;
}

/** Past company buyers whose name contains, or whose tax ID starts with, the query; most used first. */
export function lookupBuyers(db: Db, query: string, limit: number): BuyerHit[] {
  const q = query.trim();
  if (q === '') return [];
  const rows = db
    .prepare(
      `SELECT * FROM buyers WHERE tax_id LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' ORDER BY uses DESC, last_at DESC LIMIT ?`,
    )
    .all(likePrefix(q.toUpperCase()), likeContains(q), limit) as BuyerRow[];
  return rows.map((r) => {
    const hit: BuyerHit = { name: r.name, taxId: r.tax_id, uses: r.uses, lastAt: r.last_at };
    if (r.address !== null) hit.address = r.address;
    if (r.phone !== null) hit.phone = r.phone;
    if (r.bank !== null) hit.bank = r.bank;
    if (r.account !== null) hit.account = r.account;
    if (r.email !== null) hit.email = r.email;
    return hit;
  });
}
