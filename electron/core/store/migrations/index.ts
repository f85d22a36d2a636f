import m001 from './001-init.ts';
import m002 from './002-queue.ts';
import m003 from './003-pos.ts';

/** Forward-only migrations, applied in order by PRAGMA user_version. Append; never edit a shipped one. */
// 002 was written after 003 had shipped to test databases, so it is appended after it (both are idempotent).
export const migrations: readonly string[] = [m001, m003, m002];
