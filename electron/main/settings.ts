import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Shell settings (window, login, updates), separate from core's config.json because only the desktop
 * shell reads them. Store IT can pre-seed this file before the first start (see docs/it-guide.md).
 */
export const ShellSettingsSchema = z.object({
  /** Till mode: the app owns the screen. */
  kiosk: z.boolean().default(false),
  fullscreen: z.boolean().default(false),
  /** Start with the Windows session (per-user login item). */
  autoStart: z.boolean().default(false),
  /** electron-updater against the store's own HTTPS server; off unless IT turns it on. */
  autoUpdate: z
    .object({ enabled: z.boolean().default(false), url: z.string().url().startsWith('https://').optional() })
    .default({ enabled: false }),
});
export type ShellSettings = z.infer<typeof ShellSettingsSchema>;

export const SHELL_SETTINGS_FILE = 'shell-settings.json';

/** Reads the settings; a missing or broken file gives the defaults (and a broken one is kept aside). */
export function loadShellSettings(dataDir: string, log: (m: string) => void = () => undefined): ShellSettings {
  const file = join(dataDir, SHELL_SETTINGS_FILE);
  if (!existsSync(file)) return ShellSettingsSchema.parse({});
  try {
    return ShellSettingsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    log(`shell settings unreadable, using defaults: ${err instanceof Error ? err.message : String(err)}`);
    renameSync(file, `${file}.bad-${Date.now()}`);
    return ShellSettingsSchema.parse({});
  }
}

export function saveShellSettings(dataDir: string, settings: ShellSettings): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SHELL_SETTINGS_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(ShellSettingsSchema.parse(settings), null, 2));
  renameSync(`${file}.tmp`, file);
}

/** app.setLoginItemSettings arguments for the auto-start setting (Windows/macOS; a no-op elsewhere). */
export function loginItemSettings(s: ShellSettings, exePath: string): { openAtLogin: boolean; path: string; args: string[] } {
  return { openAtLogin: s.autoStart, path: exePath, args: s.autoStart ? ['--autostart'] : [] };
}
