/**
 * Migration 5: which channel an unsent invoice belongs to (docs/queue-and-sync.md, "Channel binding").
 * `bound_to` is the mode it was issued in ('sandbox' | 'production'), narrowed at its first send to that
 * channel's identity ('production:<AppID>'); NULL (rows queued before this migration) goes anywhere.
 * outbox_bindings counts the rows per binding by trigger, so the status can say what is held, in O(1).
 * `invoices.mode` keeps the mode for good (the outbox row goes once issued): a red invoice goes where its
 * blue one was issued.
 */
export default /* sql */ `
ALTER TABLE outbox ADD COLUMN bound_to TEXT;
ALTER TABLE invoices ADD COLUMN mode TEXT CHECK (mode IN ('sandbox', 'production'));

CREATE TABLE IF NOT EXISTS outbox_bindings (
  bound_to TEXT PRIMARY KEY NOT NULL,
  n        INTEGER NOT NULL
) STRICT;
CREATE TRIGGER IF NOT EXISTS outbox_bindings_add AFTER INSERT ON outbox WHEN NEW.bound_to IS NOT NULL
BEGIN
  INSERT INTO outbox_bindings (bound_to, n) VALUES (NEW.bound_to, 1) ON CONFLICT (bound_to) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS outbox_bindings_remove AFTER DELETE ON outbox WHEN OLD.bound_to IS NOT NULL
BEGIN
  UPDATE outbox_bindings SET n = n - 1 WHERE bound_to = OLD.bound_to;
END;
CREATE TRIGGER IF NOT EXISTS outbox_bindings_move AFTER UPDATE OF bound_to ON outbox
  WHEN NEW.bound_to IS NOT NULL AND OLD.bound_to IS NOT NEW.bound_to
BEGIN
  UPDATE outbox_bindings SET n = n - 1 WHERE bound_to = OLD.bound_to;
  INSERT INTO outbox_bindings (bound_to, n) VALUES (NEW.bound_to, 1) ON CONFLICT (bound_to) DO UPDATE SET n = n + 1;
END;
`;
