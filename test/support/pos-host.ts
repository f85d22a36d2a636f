import { startApp, type SandboxLauncher, type StartAppOptions } from '../../electron/core/bootstrap.ts';
import type { Item } from '../../electron/contract/calls-catalog.ts';
import { RENDERER_DIR } from '../../electron/host/run.ts';
import { startHost } from '../../electron/host/server.ts';
import { nodeSandboxLauncher } from '../../electron/sandbox/node-launcher.ts';

/**
 * The headless host as runHost builds it, with a sandbox the test can take down and bring back on the
 * same port: while "down" the app's automatic restart waits at a gate that `up()` opens.
 */
export async function runPosHost(o: { dataDir: string; worker?: StartAppOptions['worker'] }) {
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => {};
  let current: Awaited<ReturnType<SandboxLauncher>> | undefined;
  let relaunched: Promise<void> = Promise.resolve();
  let relaunchedResolve: () => void = () => {};
  const launcher: SandboxLauncher = async (dir, port) => {
    await gate;
    current = await nodeSandboxLauncher(dir, port);
    relaunchedResolve();
    return current;
  };
  const app = await startApp({ dataDir: o.dataDir, launchSandbox: launcher, log: () => {}, ...(o.worker ? { worker: o.worker } : {}) });
  const host = await startHost({ core: app.core, staticDir: RENDERER_DIR });
  return {
    host,
    app,
    sandbox: {
      /** Stops the sandbox process; it stays down until up(). */
      async down() {
        gate = new Promise<void>((resolve) => (open = resolve));
        relaunched = new Promise<void>((resolve) => (relaunchedResolve = resolve));
        await current?.stop();
      },
      /** Lets the app restart it on the same port, and resolves once it listens. */
      async up() {
        open();
        await relaunched;
      },
    },
    async stop() {
      open();
      await host.close();
      await app.stop();
    },
  };
}

/** A small shop's catalogue: real tax codes from the table, quick keys on the first three. */
export const SHOP_ITEMS: Item[] = [
  { barcode: '6901234567892', name: '矿泉水', unit: '瓶', price: '2.00', taxCode: '1030307040000000000', rate: '0.13', category: '饮料', quickKey: 1 },
  { barcode: '6920202888883', name: '方便面', unit: '袋', price: '4.50', taxCode: '1030203030000000000', rate: '0.13', category: '食品', quickKey: 2 },
  { barcode: '6903148042441', name: '面包', unit: '个', price: '6.80', taxCode: '1030201020000000000', rate: '0.13', category: '食品', quickKey: 3 },
  { barcode: '6954767412345', name: 'T恤', unit: '件', price: '99.00', taxCode: '1040201100000000000', rate: '0.13', category: '服装' },
];

export async function seedItems(core: { handlers: { saveItem(i: Item): Promise<Item> } }): Promise<void> {
  for (const item of SHOP_ITEMS) await core.handlers.saveItem(item);
}
