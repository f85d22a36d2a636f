import { DraftSchema, type Draft } from '../contract/index.ts';
import { readJsonArg, UsageError } from './io.ts';

/** A draft from a file or stdin, checked against the contract's schema. */
export function readDraft(path: string | undefined): Draft {
  const parsed = DraftSchema.safeParse(readJsonArg(path));
  if (!parsed.success)
    throw new UsageError(`draft does not match the schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
