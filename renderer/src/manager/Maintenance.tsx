import { useCallback, useEffect, useState } from 'react';
import type { QueueStatus } from '../../../electron/contract/index.ts';
import { errorText } from '../shared/errors.ts';
import { useFapiaoEvent } from '../shared/useEvent.ts';
import { Section } from '../settings/SettingsPanel.tsx';

/** Why core refuses new invoices right now (queueStatus.blocked), followed as the queue changes; `set` for a call that returns the status. */
function useBlocked() {
  const [status, setStatus] = useState<QueueStatus | undefined>();
  useEffect(() => void window.fapiao.queueStatus({}).then(setStatus), []);
  useFapiaoEvent('queueChanged', useCallback((s: QueueStatus) => setStatus(s), []));
  return [status?.blocked, setStatus] as const;
}

/** When new invoices are refused because the clock went backwards, the manager confirms it was corrected. */
export function ClockBanner() {
  const [blocked, setStatus] = useBlocked();
  // Ahead of the channel's time: only setting the clock right lifts it (nothing to confirm).
  if (blocked?.code === 'CLOCK_AHEAD')
    return (
      <div className="panel warn-banner" role="alert">
        {blocked.message_zh}
      </div>
    );
  if (blocked?.code !== 'CLOCK_BACKWARDS') return null;
  return (
    <div className="panel warn-banner" role="alert">
      {blocked.message_zh}
      <button type="button" className="primary" onClick={() => void window.fapiao.confirmClock({}).then(setStatus)}>
        确认时钟已校正
      </button>
    </div>
  );
}

/**
 * STORE_ROLLED_BACK: the database is behind its own high-water mark. Only on the record: the manager (or IT
 * with `fapiao restore` / `fapiao store accept-rollback`) accepts it with a reason, kept in the audit chain.
 */
export function RollbackBanner() {
  const [blocked, setStatus] = useBlocked();
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  if (blocked?.code !== 'STORE_ROLLED_BACK') return null;
  return (
    <div className="panel warn-banner" role="alert">
      {blocked.message_zh}
      <label>
        原因（记入审计链）
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
      </label>
      <button
        type="button"
        className="primary"
        disabled={reason.trim() === ''}
        onClick={() => void window.fapiao.acceptStoreRollback({ reason }).then(setStatus, (e: unknown) => setError(errorText(e)))}
      >
        接受当前数据库
      </button>
      {error && <p role="status">{error}</p>}
    </div>
  );
}

/** The audit chain check and a backup on demand, for the manager and store IT. */
export function Maintenance() {
  const [audit, setAudit] = useState('');
  const [backup, setBackup] = useState('');
  return (
    <Section title="维护">
      <div className="row">
        <button
          type="button"
          onClick={() =>
            void window.fapiao.verifyAudit({}).then(
              (v) =>
                setAudit(
                  v.ok
                    ? `审计链完整：${v.entries} 条，链头 ${v.head ?? ''}`
                    : `审计校验未通过（${v.problems?.length ?? 1} 处）：${v.firstBadSeq === undefined ? '' : `第 ${v.firstBadSeq} 条记录；`}${v.reason ?? ''}`,
                ),
              (e: unknown) => setAudit(errorText(e)),
            )
          }
        >
          校验审计链
        </button>
        <button
          type="button"
          onClick={() =>
            void window.fapiao.backupNow({ reason: 'manual' }).then(
              (b) => setBackup(`已备份：${b.path}`),
              (e: unknown) => setBackup(errorText(e)),
            )
          }
        >
          立即备份
        </button>
      </div>
      {audit && <p role="status" className="mono">{audit}</p>}
      {backup && <p role="status" className="mono">{backup}</p>}
    </Section>
  );
}
