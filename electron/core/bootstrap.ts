import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHttpChannel } from './channel/client.ts';
import { loadConfig, loadSandboxCredentials, type AppConfig, type SandboxCredentials } from './config.ts';
import { openCore, type Core, type CoreOptions } from './core.ts';
import { createSoftSigner } from './signer/soft-signer.ts';
import { listBackups } from './store/backup.ts';
import { FapiaoError, appError } from '../contract/index.ts';

/** How a shell starts the sandbox platform as its own process (plain Node and Electron differ). */
export type SandboxLauncher = (dataDir: string, port: number) => Promise<{ url: string; port: number; exited: Promise<unknown>; stop(): Promise<void> }>;

export interface RunningApp {
  core: Core;
  config: AppConfig;
  sandboxUrl?: string;
  stop(): Promise<void>;
}

export interface StartAppOptions {
  dataDir: string;
  launchSandbox: SandboxLauncher;
  worker?: CoreOptions['worker'];
  autoSync?: boolean;
  log?: (msg: string) => void;
}

async function registerWithSandbox(url: string, creds: SandboxCredentials, sellerTaxId: string): Promise<void> {
  const res = await fetch(new URL(`/v1/sandbox/apps/${creds.appId}`, url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ publicKeyHex: creds.publicKeyHex, sm4KeyHex: creds.sm4KeyHex, sellerTaxId }),
  });
  if (!res.ok) throw new Error(`sandbox registration failed: HTTP ${res.status}`);
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('/v1/health', url), { signal: AbortSignal.timeout(1_000) });
    await res.text();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * One online backup per day (day close): checked a minute after start and then hourly, taken in the
 * background when the last one is a day old; the manager can also take one at any time (backupNow, `fapiao backup`).
 */
function scheduleDailyBackup(core: Core, log: (msg: string) => void): () => void {
  const check = (): void => {
    const last = listBackups(core.db.name).at(-1);
    if (last !== undefined && Date.now() - last.at < 24 * 3_600_000) return;
    core.handlers.backupNow({ reason: 'dayClose' }).catch((err: unknown) => log(`backup failed: ${err instanceof Error ? err.message : String(err)}`));
  };
  const first = setTimeout(check, 60_000).unref();
  const hourly = setInterval(check, 3_600_000).unref();
  return () => {
    clearTimeout(first);
    clearInterval(hourly);
  };
}

/**
 * Starts the app with its embedded defaults: in sandbox mode the sandbox platform runs as a separate
 * process on a port kept across restarts, with the generated test key; it is restarted if it dies.
 */
export async function startApp(o: StartAppOptions): Promise<RunningApp> {
  const log = o.log ?? ((m: string) => console.error(m));
  const config = loadConfig(o.dataDir);
  if (config.channelMode !== 'sandbox')
    throw new FapiaoError([
      appError('CHANNEL_NOT_CONFIGURED', '生产通道尚未配置：请在设置中填写通道地址、AppID 和密钥', 'The production channel is not configured yet'),
    ]);

  const sandboxDir = join(o.dataDir, 'sandbox');
  const portFile = join(o.dataDir, 'sandbox.port');
  const savedPort = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : 0;
  const creds = loadSandboxCredentials(o.dataDir);

  let stopping = false;
  let sandbox: Awaited<ReturnType<SandboxLauncher>> | undefined;
  let sandboxUrl = `http://127.0.0.1:${savedPort}`;
  // Another process of this till (the app, or the CLI) may already run its sandbox: share it.
  if (savedPort === 0 || !(await healthy(sandboxUrl))) {
    sandbox = await o.launchSandbox(sandboxDir, savedPort).catch(() => o.launchSandbox(sandboxDir, 0));
    sandboxUrl = sandbox.url;
    writeFileSync(portFile, String(sandbox.port));
    const watch = (running: NonNullable<typeof sandbox>): void => {
      void running.exited.then(async () => {
        if (stopping) return;
        log('sandbox exited; restarting it');
        sandbox = await o.launchSandbox(sandboxDir, running.port);
        watch(sandbox);
      });
    };
    watch(sandbox);
  }
  await registerWithSandbox(sandboxUrl, creds, config.seller.taxId);

  const channel = createHttpChannel(
    { baseUrl: sandboxUrl, appId: creds.appId, sm4KeyHex: creds.sm4KeyHex },
    createSoftSigner(creds, config.seller.taxId),
  );
  const core = openCore({
    dataDir: o.dataDir,
    config,
    channel,
    ...(o.worker ? { worker: o.worker } : {}),
    ...(o.autoSync === undefined ? {} : { autoSync: o.autoSync }),
  });
  const backups = scheduleDailyBackup(core, log);
  return {
    core,
    config,
    sandboxUrl,
    async stop() {
      stopping = true;
      backups();
      await core.close();
      await sandbox?.stop();
    },
  };
}
