import { EventEmitter } from 'node:events';
import type { UtilityFork } from '../../electron/main/utility-launcher.ts';

/**
 * The smallest stand-in for the 'electron' module that lets the bundled main.cjs run in plain Node:
 * every Electron API main touches, recording what main asked for. It sits at the lowest boundary (the
 * module main requires), so everything above it — main's glue, core, the sandbox process — is real.
 */
export function fakeElectron(o: { fork: UtilityFork; lock?: boolean }) {
  const rec = {
    exitCodes: [] as number[],
    handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
    windows: [] as FakeWindow[],
    sent: [] as [string, unknown][],
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, (req: { url: string }) => Promise<Response>>(),
    permissionRequest: undefined as undefined | ((wc: unknown, p: string, cb: (g: boolean) => void) => void),
    headersHook: undefined as undefined | ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void),
    trays: [] as { tooltip: string }[],
    loginItems: [] as unknown[],
    errors: [] as string[],
  };
  let nextId = 1;

  class FakeContents extends EventEmitter {
    readonly id = nextId++;
    url = '';
    setWindowOpenHandler(): void {}
    isCrashed(): boolean {
      return false;
    }
    send(channel: string, payload: unknown): void {
      rec.sent.push([channel, payload]);
    }
  }
  class FakeWindow extends EventEmitter {
    readonly webContents = new FakeContents();
    readonly options: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      rec.windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string): Promise<void> {
      this.webContents.url = url;
      setImmediate(() => this.emit('ready-to-show'));
    }
    isDestroyed(): boolean {
      return false;
    }
    show(): void {}
    focus(): void {}
    restore(): void {}
    isMinimized(): boolean {
      return false;
    }
  }
  class FakeTray extends EventEmitter {
    tooltip = '';
    constructor() {
      super();
      rec.trays.push(this);
    }
    setToolTip(t: string): void {
      this.tooltip = t;
    }
    setImage(): void {}
    setContextMenu(): void {}
    isDestroyed(): boolean {
      return false;
    }
  }

  const paths = new Map<string, string>();
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: () => o.lock ?? true,
    whenReady: () => Promise.resolve(),
    getVersion: () => '0.1.0-test',
    setPath: (k: string, v: string) => paths.set(k, v),
    getPath: (k: string) => paths.get(k) ?? `/tmp/${k}`,
    setAppLogsPath: () => undefined,
    setLoginItemSettings: (s: unknown) => rec.loginItems.push(s),
    exit: (code = 0) => rec.exitCodes.push(code),
    quit: () => undefined,
  });

  const module = {
    app,
    BrowserWindow: FakeWindow,
    Tray: FakeTray,
    ipcMain: {
      handle: (channel: string, l: (event: unknown, ...args: unknown[]) => Promise<unknown>) => rec.handlers.set(channel, l),
      removeHandler: (channel: string) => rec.handlers.delete(channel),
    },
    Menu: { setApplicationMenu: () => undefined, buildFromTemplate: (t: unknown) => t },
    nativeImage: { createFromBitmap: () => ({}) },
    dialog: { showErrorBox: (title: string, body: string) => rec.errors.push(`${title}: ${body}`) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => rec.schemes.push(...s),
      handle: (scheme: string, h: (req: { url: string }) => Promise<Response>) => rec.protocolHandlers.set(scheme, h),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof rec.permissionRequest) => (rec.permissionRequest = h),
        setPermissionCheckHandler: () => undefined,
        setDevicePermissionHandler: () => undefined,
        webRequest: { onHeadersReceived: (h: typeof rec.headersHook) => (rec.headersHook = h) },
      },
    },
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
    },
    utilityProcess: { fork: o.fork },
  };
  return { module, rec, app };
}
export type FakeElectron = ReturnType<typeof fakeElectron>;
