import { buildApi, type FapiaoApi, type HostReply, type Reply } from '../../electron/contract/index.ts';

/**
 * Browser mode: builds `window.fapiao` over the headless host's WebSocket, with the same typed
 * functions the Electron preload exposes. The token comes in the URL fragment (#token=…).
 */
export async function connectHost(): Promise<FapiaoApi> {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('fapiao.token', fromHash);
    history.replaceState(null, '', location.pathname);
  }
  const token = fromHash ?? sessionStorage.getItem('fapiao.token') ?? '';
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
