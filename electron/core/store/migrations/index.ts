import m001 from './001-init.ts';
import m002 from './002-pos.ts';
import m003 from './003-queue.ts';
import m004 from './004-audit-subject.ts';
import m005 from './005-channel-binding.ts';
import m006 from './006-staff-sessions.ts';
import m007 from './007-tamper-evidence.ts';
import m008 from './008-outbox-set-aside.ts';

/** Forward-only migrations, applied in order by PRAGMA user_version. Append; never edit a shipped one. */
export const migrations: readonly string[] = [m001, m002, m003, m004, m005, m006, m007, m008];
