import type { KeyboardEvent } from 'react';

/** Arrow keys move through a result list, Enter picks, Escape closes: the same in every lookup. */
export function handleListKeys(
  e: KeyboardEvent,
  o: { count: number; setActive: (f: (a: number) => number) => void; pick: () => void; close: () => void },
): void {
  if (o.count === 0) return;
  if (e.key === 'ArrowDown') o.setActive((a) => Math.min(a + 1, o.count - 1));
  else if (e.key === 'ArrowUp') o.setActive((a) => Math.max(a - 1, 0));
  else if (e.key === 'Enter') o.pick();
  else if (e.key === 'Escape') o.close();
  else return;
  e.preventDefault();
}
