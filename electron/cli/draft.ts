import type { AppError, Draft } from '../contract/index.ts';
import { parseDraft } from '../core/invoice/draft.ts';
import { readJsonArg } from './io.ts';

/**
 * A draft from a file or stdin, checked against the contract's schema: the draft, or every violation
 * (DRAFT_SCHEMA, TEXT_INVALID_CHAR, … with their paths). `calc` and `issue` both answer the violations
 * as JSON with exit 1.
 */
export function readDraft(path: string | undefined): { ok: true; draft: Draft } | { ok: false; errors: AppError[] } {
  return parseDraft(readJsonArg(path));
}
