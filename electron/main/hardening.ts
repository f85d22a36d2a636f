import { isAppUrl } from './origin.ts';

/** The webContents surface hardening touches; structural so tests can drive it with an EventEmitter. */
export interface ContentsLike {
  on(event: string, listener: (...args: never[]) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
}

interface PreventableEvent {
  preventDefault(): void;
}

/**
 * The window never leaves the app: no navigation (links, drag-and-drop, redirects) to anything but our
 * own origin, no new windows, no <webview>. Blocked attempts are logged for support.
 */
export function hardenContents(contents: ContentsLike, log: (msg: string) => void = () => undefined): void {
  const guard = (kind: string) => (event: PreventableEvent, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    log(`blocked ${kind} to ${url}`);
  };
  contents.on('will-navigate', guard('navigation') as (...args: never[]) => void);
  contents.on('will-redirect', guard('redirect') as (...args: never[]) => void);
  contents.on('will-frame-navigate', ((event: PreventableEvent & { url: string }) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log(`blocked frame navigation to ${event.url}`);
  }) as (...args: never[]) => void);
  contents.on('will-attach-webview', ((event: PreventableEvent) => {
    event.preventDefault();
    log('blocked <webview>');
  }) as (...args: never[]) => void);
  contents.setWindowOpenHandler(({ url }) => {
    log(`blocked new window for ${url}`);
    return { action: 'deny' };
  });
}

/** The session surface for permissions. */
export interface SessionLike {
  setPermissionRequestHandler(handler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null): void;
  setPermissionCheckHandler(handler: ((wc: unknown, permission: string) => boolean) | null): void;
  setDevicePermissionHandler?(handler: ((details: unknown) => boolean) | null): void;
}

/**
 * Every permission (camera, notifications, geolocation, HID/USB from the web, …) is denied: the till
 * talks to its devices through main, never through the renderer.
 */
export function denyAllPermissions(session: SessionLike, log: (msg: string) => void = () => undefined): void {
  session.setPermissionRequestHandler((_wc, permission, callback) => {
    log(`denied permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
}
