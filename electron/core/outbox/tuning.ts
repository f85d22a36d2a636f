import type { AppConfig } from '../config.ts';
import type { WorkerOptions } from './worker.ts';

type Tuning = Partial<Pick<WorkerOptions, 'batchSize' | 'batchBytes' | 'backoff'>>;

/** The worker's batch size, batch byte cap and backoff from config `offline` (absent: the worker's defaults). */
export function workerTuning(config: AppConfig): Tuning {
  const o = (config as { offline?: Partial<AppConfig['offline']> }).offline;
  if (!o) return {};
  const out: Tuning = {};
  if (o.batchSize !== undefined) out.batchSize = o.batchSize;
  if (o.batchBytes !== undefined) out.batchBytes = o.batchBytes;
  if (o.backoffSeconds !== undefined) out.backoff = { stepsMs: o.backoffSeconds.map((s) => s * 1000), jitter: o.backoffJitter ?? 0.2 };
  return out;
}
