import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FapiaoError, Sm2PublicKeyHex } from '../contract/index.ts';
import { channelBinding, createHttpChannel } from './channel/client.ts';
import { loadConfig, loadSandboxCredentials, pinSandboxKey, type AppConfig, type SandboxCredentials } from './config.ts';
import { openCore, type Core, type CoreOptions } from './core.ts';
import { buildProductionChannel } from './channel/production.ts';
import { switchableChannel, unconfiguredChannel } from './channel/switchable.ts';
import { createRefusingSecretStore, type SecretStore } from './secrets.ts';
import { createSoftSigner } from './signer/soft-signer.ts';
import { auditKeyFromSecretStore } from './store/audit-key.ts';
import { listBackups } from './store/backup.ts';
import { createPrivateFile } from './store/file-modes.ts';
import { readChannelSettings } from './store/settings.ts';

/** How a shell starts the sandbox platform as its own process (plain Node and Electron differ). */
export type SandboxLauncher = (
  dataDir: string,
  port: number,
) => Promise<{ url: string; port: number; adminToken: string; exited: Promise<unknown>; stop(): Promise<void> }>;

/** The local sandbox's admin API: its address and this run's token (tests read the ground truth with it). */
export interface SandboxAdmin {
  url: string;
  adminToken: string;
}

export interface RunningApp {
  core: Core;
  config: AppConfig;
  /** The local sandbox's address, once it runs (sandbox mode). */
  readonly sandboxUrl: string | undefined;
  /** The local sandbox's admin API (address and token), once it runs. */
  readonly sandboxAdmin: SandboxAdmin | undefined;
  /** Resolves once the latest channel change (the first one at start) has taken effect. */
  channelApplied(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartAppOptions {
  dataDir: string;
  launchSandbox: SandboxLauncher;
  worker?: CoreOptions['worker'];
  autoSync?: boolean;
  /** Where production secrets live: the Electron shell's OS-encrypted store; plain Node refuses. */
  secrets?: SecretStore;
  log?: (msg: string) => void;
}

/**
 * Registers the till's test key with the sandbox and pins the sandbox's reply key: the first key it
 * answers with is kept in sandbox-credentials.json, and a different one later is refused (a process that
 * took the sandbox's port cannot answer for it). Returns the key replies must verify under.
 */
async function registerWithSandbox(admin: SandboxAdmin, dataDir: string, creds: SandboxCredentials, sellerTaxId: string): Promise<string> {
  const res = await fetch(new URL(`/v1/sandbox/apps/${creds.appId}`, admin.url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.adminToken}` },
    body: JSON.stringify({ publicKeyHex: creds.publicKeyHex, sm4KeyHex: creds.sm4KeyHex, sellerTaxId }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`sandbox registration failed: HTTP ${res.status}`);
  const key = Sm2PublicKeyHex.safeParse(((await res.json()) as { publicKeyHex?: unknown }).publicKeyHex);
  if (!key.success) throw new Error('sandbox registration: no reply key');
  return pinSandboxKey(dataDir, creds, key.data);
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
 * Starts the app. The channel in force comes from the settings (the screen's choice over config.json):
 * with the embedded defaults that is the sandbox platform, run as a separate process on a port kept
 * across restarts with the generated test key, and restarted if it dies; in production the gateway with
 * the SM4 key from the secret store and the store's UKey or CA certificate. Changing those settings
 * re-points the channel at once; invoices issued meanwhile simply wait in the queue.
 */
export async function startApp(o: StartAppOptions): Promise<RunningApp> {
  const log = o.log ?? ((m: string) => console.error(m));
  const config = loadConfig(o.dataDir, log);
  const secrets = o.secrets ?? createRefusingSecretStore();
  const channel = switchableChannel(unconfiguredChannel('通道启动中 (channel starting)'));
  let stopping = false;
  let sandbox: Awaited<ReturnType<SandboxLauncher>> | undefined;
  let sandboxAdmin: SandboxAdmin | undefined;
  let closeSigner = (): void => undefined;
  let applying: Promise<void> = Promise.resolve();

  /** The sandbox of this till: shared with another process of it (the app, or the CLI) when one runs it. */
  async function ensureSandbox(): Promise<SandboxAdmin> {
    if (sandboxAdmin !== undefined) return sandboxAdmin;
    const sandboxDir = join(o.dataDir, 'sandbox');
    const portFile = join(o.dataDir, 'sandbox.port');
    // The admin token of the sandbox that runs now, for another process of this till (mode 600).
    const tokenFile = join(o.dataDir, 'sandbox.admin-token');
    const savedPort = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : 0;
    let admin: SandboxAdmin = { url: `http://127.0.0.1:${savedPort}`, adminToken: existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8') : '' };
    const remember = (running: SandboxAdmin & { port: number }): void => {
      // Narrowed first: an existing file keeps its old mode through writeFileSync.
      createPrivateFile(tokenFile);
      writeFileSync(tokenFile, running.adminToken);
      writeFileSync(portFile, String(running.port));
    };
    if (savedPort === 0 || admin.adminToken === '' || !(await healthy(admin.url))) {
      sandbox = await o.launchSandbox(sandboxDir, savedPort).catch(() => o.launchSandbox(sandboxDir, 0));
      admin = { url: sandbox.url, adminToken: sandbox.adminToken };
      remember(sandbox);
      const watch = (running: NonNullable<typeof sandbox>): void => {
        void running.exited
          .then(async () => {
            if (stopping) return;
            log('sandbox exited; restarting it');
            const next = await o.launchSandbox(sandboxDir, running.port);
            // The app may have begun to stop while it started: never leave it running.
            if (stopping) return next.stop();
            sandbox = next;
            // A new run has a new admin token; the channel's pinned reply key stays the same.
            sandboxAdmin = { url: next.url, adminToken: next.adminToken };
            remember(next);
            watch(next);
          })
          .catch((err: unknown) => log(`sandbox restart failed: ${err instanceof Error ? err.message : String(err)}`));
      };
      watch(sandbox);
    }
    sandboxAdmin = admin;
    return admin;
  }

  async function applyChannel(): Promise<void> {
    const s = readChannelSettings(core.db, config);
    closeSigner();
    closeSigner = () => undefined;
    if (s.mode === 'sandbox') {
      const admin = await ensureSandbox();
      const creds = loadSandboxCredentials(o.dataDir);
      const replyKeyHex = await registerWithSandbox(admin, o.dataDir, creds, config.seller.taxId);
      const signer = createSoftSigner(creds, config.seller.taxId);
      channel.use(
        createHttpChannel({ baseUrl: admin.url, appId: creds.appId, sm4KeyHex: creds.sm4KeyHex, replyKeyHex }, signer),
        channelBinding('sandbox', creds.appId),
      );
      core.signer.set(signer);
    } else {
      const built = await buildProductionChannel(s, secrets, config.seller.taxId);
      channel.use(built.channel, channelBinding('production', s.appId ?? ''));
      core.signer.set(built.signer);
      closeSigner = built.close;
    }
    core.worker.channelChanged();
  }

  const reapply = (): Promise<void> =>
    // One change at a time, in order: a slower earlier build must never win over a later one.
    (applying = applying
      .then(applyChannel)
      .catch((err: unknown) => {
        // A refusal with a code (e.g. CHANNEL_KEY_CHANGED) keeps its zh message for the status bar.
        const why =
          err instanceof FapiaoError
            ? err.errors.map((e) => `${e.code}: ${e.message_zh} (${e.message_en})`).join('；')
            : err instanceof Error
              ? err.message
              : String(err);
        log(`channel change failed: ${why}`);
        // Nothing is sent, and the queue's last error says why.
        channel.use(unconfiguredChannel(`通道不可用 (channel unavailable): ${why}`));
        core.signer.set(undefined);
      }));

  // The audit chain's key: the OS secret store in the desktop app; otherwise core uses the key file.
  const auditKey = await auditKeyFromSecretStore(secrets, log);
  const core = openCore({
    dataDir: o.dataDir,
    config,
    channel,
    secrets,
    ...(auditKey ? { auditKey } : {}),
    autoSync: false,
    onChannelSettingsChanged: () => void reapply(),
    ...(o.worker ? { worker: o.worker } : {}),
  });
  // The till serves the cashier at once; the channel (the sandbox process, or the production signer)
  // comes up behind it. A sale made meanwhile waits in the queue and goes out as soon as it is there.
  void reapply();
  if (o.autoSync !== false) core.worker.start();
  const backups = scheduleDailyBackup(core, log);
  return {
    core,
    config,
    get sandboxUrl() {
      return sandboxAdmin?.url;
    },
    get sandboxAdmin() {
      return sandboxAdmin;
    },
    channelApplied: () => applying,
    async stop() {
      stopping = true;
      backups();
      await applying;
      closeSigner();
      await core.close();
      await sandbox?.stop();
    },
  };
}
