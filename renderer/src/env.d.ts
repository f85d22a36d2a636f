import type { FapiaoApi } from '../../electron/contract/index.ts';

declare global {
  interface Window {
    /** The contract's calls: exposed by the preload in Electron, by the host bridge in browser mode. */
    fapiao: FapiaoApi;
  }
}
export {};
