import { build, type BuildOptions, type Plugin } from 'esbuild';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Bundles the Electron side into dist/electron/ (run by `npm run build` after the renderer):
 *   main.cjs     the main process        (electron/main/main.ts)
 *   preload.cjs  the sandboxed preload   (electron/preload/preload.ts), one file: a sandboxed preload
 *                can require only 'electron' and a few builtins
 *   fapiao.cjs   the CLI, whose `sandbox` command runs in a utility process (electron/main/sandbox-entry.ts)
 * Native modules stay external and are unpacked from the asar by electron-builder (asarUnpack).
 */
const root = fileURLToPath(new URL('..', import.meta.url));
export const NATIVE_EXTERNALS = ['better-sqlite3', 'node-hid'];
// nodemailer is loaded from the app's node_modules (a production dependency) rather than inlined: ~260 kB less to parse at start.
const EXTERNALS = ['electron', 'electron-updater', 'nodemailer', ...NATIVE_EXTERNALS];

/**
 * Sources use import.meta.url to find files next to them (e.g. the tax code table). In a CJS bundle
 * import.meta is empty, so each use is rewritten to the URL the module had in the source tree,
 * computed at run time from the bundle's folder (dist/electron → the app root two levels up).
 */
const moduleUrlPlugin: Plugin = {
  name: 'module-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
      const rel = relative(root, args.path).split('\\').join('/');
      return { contents: source.replaceAll('import.meta.url', `__fapiaoModuleUrl(${JSON.stringify(rel)})`), loader: 'ts' };
    });
  },
};
/**
 * zod re-exports all of its ~60 message locales (about 250 kB minified) from `z.locales`; we use its
 * default English messages only (our own errors carry zh-CN and English). Keep en and zh-CN, drop
 * the rest: the preload in particular is parsed on every renderer load.
 */
const zodLocalesPlugin: Plugin = {
  name: 'zod-locales',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: resolve(args.resolveDir, '../locales'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(`${args.path}/en.js`)};\nexport { default as zhCN } from ${JSON.stringify(`${args.path}/zh-CN.js`)};\n`,
      loader: 'js',
      resolveDir: args.path,
    }));
  },
};

const MODULE_URL_BANNER =
  "const __fapiaoModuleUrl = (rel) => require('node:url').pathToFileURL(require('node:path').join(__dirname, '..', '..', rel)).href;";

export interface ElectronBuildOptions {
  outDir?: string;
  /** Minified by default (smaller, faster to parse at start); names are kept so logged stacks stay readable. */
  minify?: boolean;
  sourcemap?: boolean;
}

export interface ElectronBuildResult {
  outDir: string;
  /** Bundle file → size in bytes. */
  sizes: Record<string, number>;
}

export async function buildElectron(o: ElectronBuildOptions = {}): Promise<ElectronBuildResult> {
  const outDir = resolve(o.outDir ?? `${root}/dist/electron`);
  mkdirSync(outDir, { recursive: true });
  const common: BuildOptions = {
    bundle: true,
    format: 'cjs',
    absWorkingDir: root,
    minify: o.minify ?? true,
    keepNames: true,
    sourcemap: o.sourcemap ?? false,
    legalComments: 'none',
    logLevel: 'warning',
    // esbuild would warn on every rewritten import.meta in dependencies; nothing reads them at run time.
    logOverride: { 'empty-import-meta': 'silent' },
    plugins: [zodLocalesPlugin],
    define: { 'process.env.NODE_ENV': JSON.stringify(o.minify === false ? 'development' : 'production') },
  };
  const nodeSide: BuildOptions = {
    ...common,
    platform: 'node',
    target: 'node24',
    external: EXTERNALS,
    plugins: [zodLocalesPlugin, moduleUrlPlugin],
    banner: { js: MODULE_URL_BANNER },
  };
  await Promise.all([
    build({ ...nodeSide, entryPoints: [`${root}/electron/main/main.ts`], outfile: `${outDir}/main.cjs` }),
    build({ ...nodeSide, entryPoints: [`${root}/electron/main/sandbox-entry.ts`], outfile: `${outDir}/fapiao.cjs` }),
    build({
      ...common,
      // The preload runs in a Chromium sandbox: browser platform, no Node builtins, only 'electron'.
      platform: 'browser',
      target: 'chrome130',
      external: ['electron'],
      entryPoints: [`${root}/electron/preload/preload.ts`],
      outfile: `${outDir}/preload.cjs`,
    }),
  ]);
  const sizes: Record<string, number> = {};
  for (const f of ['main.cjs', 'preload.cjs', 'fapiao.cjs']) sizes[f] = statSync(`${outDir}/${f}`).size;
  return { outDir, sizes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // --dev: unminified, with source maps, for debugging the main process.
  const dev = process.argv.includes('--dev');
  const outArg = process.argv.indexOf('--out');
  const result = await buildElectron({ minify: !dev, sourcemap: dev, ...(outArg > 0 ? { outDir: process.argv[outArg + 1] } : {}) });
  for (const [f, size] of Object.entries(result.sizes)) process.stdout.write(`${f.padEnd(12)} ${(size / 1024).toFixed(1)} kB\n`);
}
