import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

/**
 * `npm run bench`: runs every test/bench/*.bench.ts (each exports `run(): Promise<Record<string, number>>`),
 * prints a table and writes bench-results.json (metric → number). Pass names to run only some: `npm run bench -- store`.
 */
const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const results: Record<string, number> = {};
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { run(): Promise<Record<string, number>> };
  process.stderr.write(`bench ${file} …\n`);
  Object.assign(results, await mod.run());
}

const width = Math.max(...Object.keys(results).map((k) => k.length), 6);
process.stdout.write(`${'metric'.padEnd(width)}  value\n${'-'.repeat(width)}  ${'-'.repeat(12)}\n`);
for (const [k, v] of Object.entries(results)) process.stdout.write(`${k.padEnd(width)}  ${Number(v.toFixed(3))}\n`);
writeFileSync('bench-results.json', `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write('\nwritten: bench-results.json\n');
