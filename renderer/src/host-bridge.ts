import { buildApi, type FapiaoApi, type HostReply, type Reply } from '../../electron/contract/index.ts';

/**
 * Browser mode: builds `window.fapiao` over the headless host's WebSocket, with the same typed
 * functions the Electron preload exposes. The launched URL carries a one-time code (#code=…) that the
 * page trades once for a session token, kept in sessionStorage for reloads of this tab.
 */
export async function connectHost(): Promise<FapiaoApi> {
  const code = new URLSearchParams(location.hash.slice(1)).get('code');
  if (code) {
    history.replaceState(null, '', location.pathname);
    const res = await fetch('/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    if (res.ok) sessionStorage.setItem('fapiao.token', ((await res.json()) as { token: string }).token);
    else if (!sessionStorage.getItem('fapiao.token'))
      document.getElementById('root')!.textContent =
        '此链接已经用过（每个链接只能打开一次）：请在终端按 Ctrl+C 并重新运行 npm start。This link was already used: restart with npm start.';
  }
  const token = sessionStorage.getItem('fapiao.token') ?? '';
  const wsUrl = `${location.origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`;

  const pending = new Map<number, (reply: Reply) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket;

  const open = (): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl);
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error('host connection failed'));
      ws.onmessage = (e) => {
        const msg = JSON.parse(String(e.data)) as HostReply;
        if (msg.t === 'reply') {
          pending.get(msg.id)?.(msg.reply);
          pending.delete(msg.id);
        } else listeners.get(msg.event)?.forEach((l) => l(msg.payload));
      };
      ws.onclose = () => {
        for (const resolveReply of pending.values())
          resolveReply({ ok: false, errors: [{ code: 'HOST_DISCONNECTED', message_zh: '与收银程序的连接已断开', message_en: 'Disconnected from the app' }] });
        pending.clear();
      };
    });
  socket = await open();

  return buildApi(
    async (name, request) => {
      if (socket.readyState !== WebSocket.OPEN) socket = await open();
      const id = nextId++;
      return new Promise<Reply>((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ t: 'call', id, name, payload: request }));
      });
    },
    (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  );
}
