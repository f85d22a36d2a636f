import type { AppError, Draft } from '../../contract/index.ts';
import { DraftSchema, appError } from '../../contract/index.ts';
import { issueCode, issueZh, pathOf } from '../schema-issues.ts';

/** A draft from untrusted JSON: the draft, or one violation per schema problem (never a throw). */
export function parseDraft(input: unknown): { ok: true; draft: Draft } | { ok: false; errors: AppError[] } {
  const parsed = DraftSchema.safeParse(input);
  if (parsed.success) return { ok: true, draft: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => {
      // A problem with the whole draft (not an object, …) is reported at `draft`: every violation has a path.
      const path = pathOf(i.path) || 'draft';
      return appError(issueCode(i, 'DRAFT_SCHEMA'), `草稿格式有误（${path}）：${issueZh(i, input)}`, `Draft does not match the schema at ${path}: ${i.message}`, path);
    }),
  };
}
