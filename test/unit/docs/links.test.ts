import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

/** Every relative link target in a Markdown file, without its #anchor. */
function relativeLinks(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/i.test(l) && !l.startsWith('#')).map((l) => l.split('#')[0]!);
}

// The repository is published on its own: README and docs link only to files inside it that exist.
describe('links in README.md and docs/', () => {
  it.each(files)('%s links only to files inside the repository', (file) => {
    const bad = relativeLinks(readFileSync(join(root, file), 'utf8')).filter((l) => {
      const target = resolve(dirname(join(root, file)), l);
      return relative(root, target).startsWith('..') || !existsSync(target);
    });
    expect(bad).toEqual([]);
  });
  it.each(files)('%s names no path outside the repository, linked or not', (file) => {
    expect(readFileSync(join(root, file), 'utf8').match(/\.\.\/shared\/[^\s`)]*/g) ?? []).toEqual([]);
  });
});
