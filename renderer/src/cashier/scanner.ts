/**
 * Tells a barcode scanner from a person: a scanner "types" a whole code within a few milliseconds per
 * key and ends with Enter; people type far slower. Pure (keys and times in), so it is unit tested.
 */
export interface ScanDetector {
  /** Feed one key; returns the scanned code when Enter ends a fast burst. */
  key(key: string, at: number): string | undefined;
  /** True while a fast burst is under way (the keys so far may be a scan). */
  readonly active: boolean;
  reset(): void;
}

export function createScanDetector(o: { maxGapMs?: number; minLength?: number } = {}): ScanDetector {
  const maxGap = o.maxGapMs ?? 40;
  const minLength = o.minLength ?? 6;
  let buffer = '';
  let last = -Infinity;
  const reset = () => {
    buffer = '';
    last = -Infinity;
  };
  return {
    get active() {
      return buffer.length > 1;
    },
    reset,
    key(key, at) {
      const gap = at - last;
      if (key === 'Enter') {
        const code = buffer;
        const fast = gap <= maxGap;
        reset();
        return fast && code.length >= minLength ? code : undefined;
      }
      if (key.length !== 1) {
        reset();
        return undefined;
      }
      // A slow key starts a new burst: what came before was typed by hand.
      if (gap > maxGap) buffer = '';
      buffer += key;
      last = at;
      return undefined;
    },
  };
}
