import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../../electron/core/invoice/', import.meta.url);
const docs = readFileSync(new URL('../../../docs/invoice-rules.md', import.meta.url), 'utf8');

describe('docs/invoice-rules.md', () => {
  it('lists every error code the rules can return', () => {
    const codes = new Set<string>();
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts')))
      for (const m of readFileSync(new URL(f, dir), 'utf8').matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) codes.add(m[1]!);
    expect(codes.size).toBeGreaterThan(50);
    const table = docs.slice(docs.indexOf('## Error codes'));
    const missing = [...codes].filter((c) => !table.includes(`\`${c}\``));
    expect(missing).toEqual([]);
  });
});
