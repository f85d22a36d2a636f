/**
 * Migration 6: who is acting (issue #12 §1). `pin_failures` counts wrong PINs per target — a staff id, or
 * `role:manager` for a check against every manager — so a success for one never resets another's, and the
 * pauses survive a restart. `locked` is lifted only by another manager or the store's IT (unlockStaff,
 * `fapiao staff unlock`). The target `ukey` counts wrong UKey PINs the same way (the key has its own counter too).
 * A default cashier 收银员 (no PIN) lets a fresh till sign in at once; the manager renames or deactivates it.
 */
export default /* sql */ `
CREATE TABLE IF NOT EXISTS pin_failures (
  target       TEXT PRIMARY KEY NOT NULL,
  failures     INTEGER NOT NULL,
  paused_until INTEGER NOT NULL DEFAULT 0,
  locked       INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  updated_at   INTEGER NOT NULL
) STRICT;

INSERT OR IGNORE INTO staff (id, name, role, pin_salt, pin_hash, active) VALUES ('cashier', '收银员', 'cashier', NULL, NULL, 1);
`;
