import { buildElectron } from '../../scripts/build-electron.ts';

/**
 * The desktop shell's bundles as `npm run build` writes them to dist/electron (minified, names kept).
 * main.cjs is parsed on every start before core opens, so its size is watched.
 * (cold_start_core_ms with a 1,000,000-invoice database is measured by the store bench.)
 */
export async function run(): Promise<Record<string, number>> {
  const started = performance.now();
  const { sizes } = await buildElectron();
  const buildMs = performance.now() - started;
  const kb = (f: string) => Math.round((sizes[f]! / 1024) * 10) / 10;
  return {
    main_bundle_kb: kb('main.cjs'),
    preload_bundle_kb: kb('preload.cjs'),
    sandbox_cli_bundle_kb: kb('fapiao.cjs'),
    electron_build_ms: buildMs,
  };
}
