import { describe, expect, test } from 'vitest';
import { createScanDetector } from '../../../renderer/src/cashier/scanner.ts';

const feed = (keys: string, start: number, gap: number, d = createScanDetector()) => {
  let out: string | undefined;
  [...keys].forEach((k, i) => (out = d.key(k === '\n' ? 'Enter' : k, start + i * gap) ?? out));
  return out;
};

describe('scanner burst detector', () => {
  test('a fast burst ending in Enter is a scan', () => {
    expect(feed('6901234567892\n', 1000, 5)).toBe('6901234567892');
  });
  test('typing by hand is not a scan', () => {
    expect(feed('6901234567892\n', 1000, 120)).toBeUndefined();
  });
  test('a short burst (a person typing 2 quickly) is not a scan', () => {
    expect(feed('12\n', 1000, 5)).toBeUndefined();
  });
  test('slow keys before the burst are dropped: only the burst is the code', () => {
    const d = createScanDetector();
    d.key('a', 0);
    d.key('b', 500);
    expect(feed('6901234567892\n', 2000, 3, d)).toBe('6901234567892');
  });
  test('a pause before Enter means a person pressed it', () => {
    const d = createScanDetector();
    feed('6901234567892', 0, 3, d);
    expect(d.key('Enter', 1000)).toBeUndefined();
  });
  test('a non-character key breaks the burst', () => {
    const d = createScanDetector();
    feed('690123', 0, 3, d);
    d.key('Shift', 20);
    expect(feed('4567\n', 21, 3, d)).toBeUndefined();
  });
  test('two scans in a row are both recognised', () => {
    const d = createScanDetector();
    expect(feed('6901234567892\n', 0, 4, d)).toBe('6901234567892');
    expect(feed('6920202888883\n', 100, 4, d)).toBe('6920202888883');
  });
});
