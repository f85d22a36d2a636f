/**
 * The renderer's Content-Security-Policy. Everything is bundled by Vite, so nothing but our own origin
 * is ever needed: no inline or eval'd script, no remote hosts, no frames, no plugins.
 * Inline styles stay allowed because React sets `style` attributes and Vite may inject a style tag.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, string>> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'media-src': "'none'",
  'object-src': "'none'",
  'worker-src': "'none'",
  'frame-src': "'none'",
  'child-src': "'none'",
  'frame-ancestors': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
};

export const CSP = Object.entries(CSP_DIRECTIVES)
  .map(([k, v]) => `${k} ${v}`)
  .join('; ');

/** Headers on every response the app protocol serves (and added again via session.webRequest). */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}

/** session.webRequest.onHeadersReceived hook: replaces any CSP a response carried with ours. */
export function withSecurityHeaders(headers: Record<string, string[] | string> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const ours = securityHeaders();
  const lowerOurs = new Set(Object.keys(ours).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (lowerOurs.has(k.toLowerCase())) continue;
    out[k] = Array.isArray(v) ? v : [v];
  }
  for (const [k, v] of Object.entries(ours)) out[k] = [v];
  return out;
}
