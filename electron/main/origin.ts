/**
 * The renderer is served from a custom, privileged scheme rather than file://, so it has a real origin:
 * the CSP's 'self', the IPC sender check and navigation blocking all key on it.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'fapiao';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True only for URLs of our own origin (scheme and host exactly). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}
