import { pad2 } from '../shared/status.ts';

/** Local calendar dates ('YYYY-MM-DD') to the ms range core reports on: [from 00:00, day after `to` 00:00). */
export function dayStart(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).getTime();
}

export function rangeOf(from: string, to: string): { from: number; to: number; utcOffsetMinutes: number } {
  const end = new Date(dayStart(to));
  end.setDate(end.getDate() + 1);
  return { from: dayStart(from), to: end.getTime(), utcOffsetMinutes: -new Date(dayStart(from)).getTimezoneOffset() };
}

export const localDate = (d: Date): string => `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;

export function preset(name: 'today' | 'yesterday' | 'week' | 'month', now = new Date()): [string, string] {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  if (name === 'today') return [localDate(d), localDate(d)];
  if (name === 'yesterday') {
    d.setDate(d.getDate() - 1);
    return [localDate(d), localDate(d)];
  }
  if (name === 'week') {
    const start = new Date(d);
    start.setDate(d.getDate() - ((d.getDay() + 6) % 7)); // weeks start on Monday
    return [localDate(start), localDate(d)];
  }
  return [localDate(new Date(d.getFullYear(), d.getMonth(), 1)), localDate(d)];
}
