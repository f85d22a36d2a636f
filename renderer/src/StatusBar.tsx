import { useCallback, useContext, useEffect, useState } from 'react';
import type { AppError, QueueStatus } from '../../electron/contract/index.ts';
import { useFapiaoEvent } from './shared/useEvent.ts';
import { SignerPill } from './SignerPill.tsx';
import { errorText } from './shared/errors.ts';
import { ageText } from './shared/status.ts';
import { LangContext, useT } from './i18n/react.ts';

/** Fields the queue adds as it grows; read optionally so the bar works with older and newer cores. */
type StatusView = QueueStatus & {
  limits?: { countLeft: number; hoursLeft?: number | undefined; amountLeft: string } | undefined;
  warnings?: AppError[] | undefined;
  blocked?: AppError | undefined;
};

/**
 * Always visible: online/offline, what waits to be sent and for how long, the offline allowance left,
 * and the signer. Told by events; the age ticks locally between events.
 */
export function StatusBar() {
  const t = useT();
  const lang = useContext(LangContext);
  const [status, setStatus] = useState<StatusView | undefined>();
  const [since, setSince] = useState(() => Date.now());
  const [syncError, setSyncError] = useState('');
  const [, tick] = useState(0);
  useEffect(() => {
    void window.fapiao.queueStatus({}).then((s) => {
      setStatus(s);
      setSince(Date.now());
    });
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  useFapiaoEvent(
    'queueChanged',
    useCallback((s: QueueStatus) => {
      setStatus(s);
      setSince(Date.now());
    }, []),
  );
  if (!status) return <div className="statusbar" role="status" aria-label={t('连接状态')} />;
  const age = status.oldestPendingAgeMs === undefined ? undefined : status.oldestPendingAgeMs + (Date.now() - since);
  const limits = status.limits;
  const warn = status.blocked ?? status.warnings?.[0];
  return (
    <div className="statusbar" role="status" aria-label={t('连接状态')}>
      <span className={status.online ? 'pill ok' : 'pill warn'}>{status.online ? t('在线') : t('离线')}</span>
      <span aria-label="待上传数量" className={status.pending > 0 ? 'pill warn' : 'pill'}>
        {t('待上传 {n}', { n: status.pending })}
        {age !== undefined && ` · ${t('最早 {age}', { age: ageText(age, lang) })}`}
      </span>
      {status.rejected > 0 && <span className="pill bad">{t('被拒 {n}', { n: status.rejected })}</span>}
      {limits && (
        <span className="pill" aria-label="离线限额">
          {t('离线可开 {n} 张', { n: limits.countLeft })}
          {limits.hoursLeft !== undefined && ` · ${t('离线剩余 {h} 小时', { h: Math.max(0, Math.floor(limits.hoursLeft)) })}`}
        </span>
      )}
      <SignerPill />
      {warn && (
        <span className={status.blocked ? 'pill bad' : 'pill warn'} role="alert">
          {lang === 'en' ? warn.message_en : warn.message_zh}
        </span>
      )}
      <button type="button" className="small-btn" onClick={() => void window.fapiao.syncNow({}).then(setStatus, (e: unknown) => setSyncError(errorText(e)))}>
        {t('立即同步')}
      </button>
      {syncError && (
        <span className="pill bad" role="alert">
          {syncError}
        </span>
      )}
    </div>
  );
}
