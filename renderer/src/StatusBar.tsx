import { useCallback, useEffect, useState } from 'react';
import type { QueueStatus } from '../../electron/contract/index.ts';
import { useFapiaoEvent } from './shared/useEvent.ts';

/** Always visible: online/offline and what still waits to be sent. Told by events, never polled. */
export function StatusBar() {
  const [status, setStatus] = useState<QueueStatus | undefined>();
  useEffect(() => {
    void window.fapiao.queueStatus({}).then(setStatus);
  }, []);
  useFapiaoEvent('queueChanged', useCallback((s: QueueStatus) => setStatus(s), []));
  if (!status) return <div className="statusbar" role="status" aria-label="连接状态" />;
  return (
    <div className="statusbar" role="status" aria-label="连接状态">
      <span className={status.online ? 'pill ok' : 'pill warn'}>{status.online ? '在线' : '离线'}</span>
      <span aria-label="待上传数量">待上传 {status.pending}</span>
      {status.rejected > 0 && <span className="pill bad">被拒 {status.rejected}</span>}
    </div>
  );
}
