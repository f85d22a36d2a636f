import { useCallback, useEffect, useState } from 'react';
import type { QueueStatus } from '../../../electron/contract/index.ts';
import { FapiaoError } from '../../../electron/contract/errors.ts';
import { useFapiaoEvent } from '../shared/useEvent.ts';
import { Section } from '../settings/SettingsPanel.tsx';

const failure = (e: unknown) => (e instanceof FapiaoError ? e.errors.map((x) => x.message_zh).join('；') : String(e));

/** When new invoices are refused because the clock went backwards, the manager confirms it was corrected. */
export function ClockBanner({ actor }: { actor: string }) {
  const [status, setStatus] = useState<QueueStatus | undefined>();
  useEffect(() => void window.fapiao.queueStatus({}).then(setStatus), []);
  useFapiaoEvent('queueChanged', useCallback((s: QueueStatus) => setStatus(s), []));
  const blocked = (status as { blocked?: { code: string; message_zh: string } } | undefined)?.blocked;
  if (blocked?.code !== 'CLOCK_BACKWARDS') return null;
  return (
    <div className="panel warn-banner" role="alert">
      {blocked.message_zh}
      <button type="button" className="primary" onClick={() => void window.fapiao.confirmClock({ actor }).then(setStatus)}>
        确认时钟已校正
      </button>
    </div>
  );
}

/** The audit chain check and a backup on demand, for the manager and store IT. */
export function Maintenance({ actor }: { actor: string }) {
  const [audit, setAudit] = useState('');
  const [backup, setBackup] = useState('');
  return (
    <Section title="维护">
      <div className="row">
        <button
          type="button"
          onClick={() =>
            void window.fapiao.verifyAudit({}).then(
              (v) => setAudit(v.ok ? `审计链完整：${v.entries} 条，链头 ${v.head ?? ''}` : `审计链在第 ${v.firstBadSeq} 条断开：${v.reason ?? ''}`),
              (e: unknown) => setAudit(failure(e)),
            )
          }
        >
          校验审计链
        </button>
        <button
          type="button"
          onClick={() =>
            void window.fapiao.backupNow({ reason: 'manual', actor }).then(
              (b) => setBackup(`已备份：${b.path}`),
              (e: unknown) => setBackup(failure(e)),
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
