/** Migration 4: find an invoice's audit entries (e.g. its reprints) without scanning the whole chain. */
export default /* sql */ `
CREATE INDEX IF NOT EXISTS audit_subject ON audit(subject, type);
`;
