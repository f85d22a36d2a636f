import { fileURLToPath } from 'node:url';
import { startApp, type RunningApp, type StartAppOptions } from '../core/bootstrap.ts';
import { nodeSandboxLauncher } from '../sandbox/node-launcher.ts';
import { startHost, type Host } from './server.ts';

export const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

export interface RunningHost {
  host: Host;
  app: RunningApp;
  stop(): Promise<void>;
}

/** The whole app headless: core + sandbox process + the host serving the renderer on loopback. */
export async function runHost(o: { dataDir: string; port?: number; worker?: StartAppOptions['worker'] }): Promise<RunningHost> {
  const app = await startApp({ dataDir: o.dataDir, launchSandbox: nodeSandboxLauncher, ...(o.worker ? { worker: o.worker } : {}) });
  const host = await startHost({ core: app.core, staticDir: RENDERER_DIR, ...(o.port === undefined ? {} : { port: o.port }) });
  return {
    host,
    app,
    async stop() {
      await host.close();
      await app.stop();
    },
  };
}
