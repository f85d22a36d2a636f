import type { AppError, Draft } from '../../contract/index.ts';
import { DraftSchema, appError } from '../../contract/index.ts';

/** `lines.2.rate` → `lines[2].rate`, the path style of every violation. */
function pathOf(parts: ReadonlyArray<PropertyKey>): string {
  return parts.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : p === '' ? String(k) : `${p}.${String(k)}`), '');
}

/** A draft from untrusted JSON: the draft, or one violation per schema problem (never a throw). */
export function parseDraft(input: unknown): { ok: true; draft: Draft } | { ok: false; errors: AppError[] } {
  const parsed = DraftSchema.safeParse(input);
  if (parsed.success) return { ok: true, draft: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => {
      const path = pathOf(i.path);
      return appError('DRAFT_SCHEMA', `草稿格式有误（${path || '整体'}）：${i.message}`, `Draft does not match the schema at ${path || 'top level'}: ${i.message}`, path || undefined);
    }),
  };
}
