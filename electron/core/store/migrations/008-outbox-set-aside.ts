/**
 * Migration 8: an unsent invoice that can never be sent as it is (its request alone is over the batch byte
 * cap, or the channel refuses its request as a whole again and again) is set aside with the reason, so it
 * cannot hold up the queue (docs/queue-and-sync.md, "Set aside"). It stays in the outbox — unsent, counted,
 * bound and with its body as before — until the manager retries it (or cancels it, if it was never sent).
 * `strikes` counts the whole-request refusals of the item sent alone.
 */
export default /* sql */ `
ALTER TABLE outbox ADD COLUMN set_aside_at INTEGER;
ALTER TABLE outbox ADD COLUMN set_aside_reason TEXT;
ALTER TABLE outbox ADD COLUMN strikes INTEGER NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS outbox_set_aside ON outbox(set_aside_at) WHERE set_aside_at IS NOT NULL;
`;
