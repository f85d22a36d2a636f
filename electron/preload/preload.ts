// Sandboxed preload (bundled to one CommonJS file, dist/electron/preload.cjs): exposes exactly the
// contract's functions as window.fapiao. ipcRenderer itself is never exposed, and listeners never see
// the IpcRendererEvent (its `sender` would be a handle back into ipcRenderer).
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi, callChannel, eventChannel, type Reply } from '../contract/index.ts';

const api = buildApi(
  (name, request) => ipcRenderer.invoke(callChannel(name), request) as Promise<Reply>,
  (event, listener) => {
    const channel = eventChannel(event);
    const wrapped = (_e: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
);

contextBridge.exposeInMainWorld('fapiao', api);
