import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowChoice {
  preloadPath: string;
  /** Till mode: kiosk locks the screen to the app (no task switching by the cashier). */
  kiosk: boolean;
  fullscreen: boolean;
  /** Off in packaged builds: a cashier must not reach a console that can call the contract freely. */
  devTools: boolean;
}

/**
 * The one window's options. The renderer gets no Node and an isolated, sandboxed preload; the values
 * that matter for security are spelled out even where they are Electron's defaults, so a default
 * changing upstream cannot loosen them.
 */
export function windowOptions(c: WindowChoice): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Fapiao POS 发票收银',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    kiosk: c.kiosk,
    fullscreen: c.kiosk || c.fullscreen,
    webPreferences: {
      preload: c.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: c.devTools,
      safeDialogs: true,
    },
  };
}
