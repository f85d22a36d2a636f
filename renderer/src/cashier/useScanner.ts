import { useEffect, useRef, type RefObject } from 'react';
import { createScanDetector } from './scanner.ts';

const MAX_GAP_MS = 40;

/**
 * The global scanner buffer: a scan lands in the sale wherever the focus is. If the burst went into
 * another input (quantity, buyer name…), that input gets back the value it had before the burst.
 */
export function useGlobalScanner(onScan: (code: string) => void, scanField: RefObject<HTMLInputElement | null>): void {
  const handler = useRef(onScan);
  handler.current = onScan;
  useEffect(() => {
    const detector = createScanDetector({ maxGapMs: MAX_GAP_MS });
    let lastAt = -Infinity;
    let snapshot: { el: HTMLInputElement | HTMLTextAreaElement; value: string } | undefined;
    const onKey = (e: KeyboardEvent) => {
      if (e.target === scanField.current) return; // the scan field handles its own Enter
      const now = performance.now();
      if (e.key.length === 1 && now - lastAt > MAX_GAP_MS) {
        const t = e.target;
        snapshot = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement ? { el: t, value: t.value } : undefined;
      }
      lastAt = now;
      const code = detector.key(e.key, now);
      if (code === undefined) return;
      e.preventDefault();
      e.stopPropagation();
      if (snapshot) restoreValue(snapshot.el, snapshot.value);
      handler.current(code);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [scanField]);
}

/** Sets a React-controlled input's value the way typing does, so React sees the change. */
function restoreValue(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}
