// Electron main process: thin glue over the pure modules beside it. Bundled to dist/electron/main.cjs,
// so __dirname is that bundle's folder.
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, protocol, safeStorage, session, Tray, utilityProcess } from 'electron';
import type { QueueStatus } from '../contract/index.ts';
import { startApp, type RunningApp } from '../core/bootstrap.ts';
import { defaultDataDir } from '../core/config.ts';
import type { Dispatch } from '../core/dispatch.ts';
import { createSessionDispatcher } from '../core/session.ts';
import { setTaxCodeTablePath } from '../core/invoice/taxcodes.ts';
import { setProfileDir as setUKeyProfileDir } from '../../native/ukey/profiles.ts';
import { createAppProtocolHandler } from './app-protocol.ts';
import { withSecurityHeaders } from './csp.ts';
import { createCrashRecovery } from './crash.ts';
import { denyAllPermissions, hardenContents } from './hardening.ts';
import { forwardEvents, registerIpcRouter, type IpcMainLike } from './ipc-router.ts';
import { createLogger } from './logger.ts';
import { APP_ENTRY_URL, APP_SCHEME } from './origin.ts';
import { shellPaths } from './paths.ts';
import { createEncryptedSecretStore } from '../core/secrets.ts';
import { safeStorageCipher } from './secrets.ts';
import { createSenderCheck } from './sender.ts';
import { loadShellSettings, loginItemSettings } from './settings.ts';
import { createShutdown } from './shutdown.ts';
import { trayBitmap, trayLevel, trayTooltip } from './tray-text.ts';
import { updateFeed } from './updates.ts';
import { windowOptions } from './window-options.ts';
import { createUtilitySandboxLauncher, type UtilityFork } from './utility-launcher.ts';
import { existsSync } from 'node:fs';

const dataDir = defaultDataDir();
const paths = shellPaths({ bundleDir: __dirname, dataDir, resourcesPath: process.resourcesPath, packaged: app.isPackaged });
app.setPath('userData', paths.chromiumProfile);
app.setAppLogsPath(paths.logs);
const log = createLogger({ dir: paths.logs, echo: !app.isPackaged });

// Must precede 'ready': the app origin is a standard, secure scheme (so 'self' and fetch work).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

if (!app.requestSingleInstanceLock()) {
  // Another instance owns this till's data: it is told (second-instance) and shows itself.
  app.exit(0);
} else {
  void main().catch((err: unknown) => {
    log.error(`startup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    dialog.showErrorBox('Fapiao POS 启动失败 (failed to start)', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}

let win: BrowserWindow | undefined;
let tray: Tray | undefined;

process.on('uncaughtException', (err) => log.error(`uncaught: ${err.stack ?? err.message}`));
process.on('unhandledRejection', (err) => log.error(`unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));

async function main(): Promise<void> {
  const settings = loadShellSettings(dataDir, log.warn);
  log.info(`starting ${app.getVersion()} data=${dataDir} packaged=${app.isPackaged}`);
  if (existsSync(paths.taxCodes)) setTaxCodeTablePath(paths.taxCodes);
  if (existsSync(paths.ukeyProfiles)) setUKeyProfileDir(paths.ukeyProfiles);

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  // Every webContents (the window, and anything Chromium might create) is locked down on creation.
  app.on('web-contents-created', (_e, contents) => hardenContents(contents, log.warn));
  // The sandbox's utility process is restarted by core's bootstrap; this records why it went.
  app.on('child-process-gone', (_e, d) => log.warn(`child process gone: ${d.type} ${d.name ?? ''} ${d.reason} (${d.exitCode})`));

  await app.whenReady();
  if (process.platform === 'win32' || process.platform === 'darwin') app.setLoginItemSettings(loginItemSettings(settings, process.execPath));
  Menu.setApplicationMenu(null);

  denyAllPermissions(session.defaultSession, log.warn);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) }),
  );
  protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.renderer));
  // Production secrets (channel key, certificate password) for core: OS-encrypted files only.
  const secretStore = createEncryptedSecretStore(paths.secrets, safeStorageCipher(safeStorage));

  // Calls arriving while core starts wait for it instead of failing (the window shows at once).
  let resolveDispatch!: (d: Dispatch) => void;
  const dispatchReady = new Promise<Dispatch>((r) => (resolveDispatch = r));
  registerIpcRouter({
    ipcMain: ipcMain as unknown as IpcMainLike,
    dispatch: async (name, payload) => (await dispatchReady)(name, payload),
    isTrustedSender: createSenderCheck(() => (win && !win.isDestroyed() ? win.webContents.id : undefined)),
    log: log.warn,
  });

  createWindow(settings.kiosk, settings.fullscreen);

  const running: RunningApp = await startApp({
    dataDir,
    launchSandbox: createUtilitySandboxLauncher({ fork: utilityProcess.fork as unknown as UtilityFork, entry: paths.sandboxEntry }),
    secrets: secretStore,
    log: log.info,
  });
  resolveDispatch(createSessionDispatcher(running.core, log.error));
  forwardEvents(running.core.events, (channel, payload) => {
    if (win && !win.isDestroyed() && !win.webContents.isCrashed()) win.webContents.send(channel, payload);
  });
  createTray(running);
  running.core.events.on('queueChanged', updateTray);
  updateTray(running.core.queueStatus());
  log.info('core ready');
  void running.channelApplied().then(() => log.info(`channel ready (sandbox ${running.sandboxUrl ?? 'n/a'})`));

  const shutdown = createShutdown({ stop: () => running.stop(), exit: (code) => app.exit(code), log: log.info });
  app.on('before-quit', (e) => {
    e.preventDefault();
    void shutdown.request();
  });
  app.on('window-all-closed', () => void shutdown.request());

  const feed = updateFeed(settings);
  if (feed) void checkForUpdates(feed);
}

function createWindow(kiosk: boolean, fullscreen: boolean): void {
  win = new BrowserWindow(windowOptions({ preloadPath: paths.preload, kiosk, fullscreen, devTools: !app.isPackaged }));
  const w = win;
  w.once('ready-to-show', () => w.show());
  const recover = createCrashRecovery(
    () => {
      log.warn('renderer gone: reloading (the queue is in main and untouched)');
      void w.loadURL(APP_ENTRY_URL);
    },
    (reason) => {
      log.error(`renderer keeps crashing (${reason}); not reloading`);
      dialog.showErrorBox('Fapiao POS', '界面反复崩溃，请联系技术支持。已开具和待上传的发票都已保存。\nThe screen keeps crashing; invoices are safe. Contact support.');
    },
  );
  w.webContents.on('render-process-gone', (_e, details) => {
    log.warn(`render-process-gone: ${details.reason} (${details.exitCode})`);
    recover(details);
  });
  w.on('unresponsive', () => log.warn('window unresponsive'));
  // Windows log-off or shutdown: go through the same clean quit (core closes; the queue is durable anyway).
  w.on('session-end', () => app.quit());
  w.on('closed', () => {
    win = undefined;
  });
  void w.loadURL(APP_ENTRY_URL);
}

function createTray(running: RunningApp): void {
  tray = new Tray(icon(undefined));
  tray.setToolTip(trayTooltip(undefined));
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: '显示窗口 Show', click: () => win?.show() },
      { label: '立即上传 Sync now', click: () => void running.core.handlers.syncNow({}) },
      { type: 'separator' },
      { label: '退出 Quit', click: () => app.quit() },
    ]),
  );
  tray.on('click', () => win?.show());
}

function icon(s: QueueStatus | undefined): Electron.NativeImage {
  return nativeImage.createFromBitmap(trayBitmap(trayLevel(s)), { width: 16, height: 16 });
}

function updateTray(s: QueueStatus): void {
  if (!tray || tray.isDestroyed()) return;
  tray.setToolTip(trayTooltip(s));
  tray.setImage(icon(s));
}

async function checkForUpdates(feed: NonNullable<ReturnType<typeof updateFeed>>): Promise<void> {
  try {
    const { autoUpdater } = (await import('electron-updater')).default;
    autoUpdater.setFeedURL(feed);
    autoUpdater.autoInstallOnAppQuit = true;
    autoUpdater.logger = { info: log.info, warn: log.warn, error: log.error, debug: () => undefined };
    await autoUpdater.checkForUpdatesAndNotify();
  } catch (err) {
    log.warn(`update check failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
