import type { AppConfig } from '../config.ts';
import type { WorkerOptions } from './worker.ts';

/** The worker's batch size and backoff from config `offline` (absent: the worker's defaults). */
export function workerTuning(config: AppConfig): Partial<Pick<WorkerOptions, 'batchSize' | 'backoff'>> {
  const o = (config as { offline?: Partial<AppConfig['offline']> }).offline;
  if (!o) return {};
  const out: Partial<Pick<WorkerOptions, 'batchSize' | 'backoff'>> = {};
  if (o.batchSize !== undefined) out.batchSize = o.batchSize;
  if (o.backoffSeconds !== undefined) out.backoff = { stepsMs: o.backoffSeconds.map((s) => s * 1000), jitter: o.backoffJitter ?? 0.2 };
  return out;
}
