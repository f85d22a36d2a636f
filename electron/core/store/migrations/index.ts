import m001 from './001-init.ts';

/** Forward-only migrations, applied in order by PRAGMA user_version. Append; never edit a shipped one. */
export const migrations: readonly string[] = [m001];
