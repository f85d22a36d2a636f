import { useCallback, useEffect, useState } from 'react';
import type { SignerStatus } from '../../electron/contract/index.ts';
import { useT } from './i18n/react.ts';
import { errorText } from './shared/errors.ts';
import { useFapiaoEvent } from './shared/useEvent.ts';

function label(s: SignerStatus, t: (zh: string, v?: Record<string, string | number>) => string): string {
  if (s.source === 'none') return t('签名：未配置');
  if (s.source === 'soft') return t('签名：测试密钥（沙箱）');
  if (s.source === 'certificate-file') return s.daysLeft === undefined ? t('签名：证书') : t('签名：证书 · 剩 {d} 天', { d: s.daysLeft });
  if (!s.present) return t('签名：UKey 未插入');
  if (s.locked) return t('签名：UKey 已锁定');
  return s.pinVerified ? t('签名：UKey 已解锁') : t('签名：UKey 待输入 PIN');
}

/**
 * The signing key, as it is now: told by events when a UKey is plugged, pulled, unlocked or locked.
 * A UKey's PIN is typed here, sent to the key once and kept nowhere; a wrong one says how many tries are left.
 */
export function SignerPill() {
  const t = useT();
  const [status, setStatus] = useState<SignerStatus | undefined>();
  const [pin, setPin] = useState('');
  const [note, setNote] = useState('');
  useEffect(() => {
    void window.fapiao.signerStatus({}).then(setStatus);
  }, []);
  useFapiaoEvent('signerChanged', useCallback((s: SignerStatus) => setStatus(s), []));
  if (!status) return null;
  const problem = status.problems[0];
  const bad = status.source === 'none' || status.locked === true || (status.source === 'ukey' && !status.present);
  const askPin = status.source === 'ukey' && status.present && !status.pinVerified && !status.locked;
  const unlock = () =>
    void window.fapiao
      .unlockSigner({ pin })
      .then(
        (s) => {
          setStatus(s);
          setNote('');
        },
        (e: unknown) => setNote(errorText(e)),
      )
      .finally(() => setPin(''));
  return (
    <>
      <span className={bad ? 'pill bad' : problem ? 'pill warn' : 'pill'} aria-label="签名状态" title={problem?.message_zh}>
        {label(status, t)}
        {status.pinRetriesLeft !== undefined && !status.pinVerified && ` · ${t('剩 {n} 次', { n: status.pinRetriesLeft })}`}
      </span>
      {askPin && (
        <form
          className="pin-form"
          onSubmit={(e) => {
            e.preventDefault();
            unlock();
          }}
        >
          <input aria-label="UKey PIN" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
          <button type="submit" className="small-btn" disabled={pin.length < 4}>
            {t('解锁')}
          </button>
        </form>
      )}
      {note && (
        <span className="pill bad" role="alert">
          {note}
        </span>
      )}
    </>
  );
}
