import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { securityHeaders } from './csp.ts';
import { isAppUrl } from './origin.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/**
 * Maps an app:// URL to a file under the renderer folder; undefined for other origins and for any path
 * escaping the folder (`..`, encoded or not).
 */
export function resolveAppFile(url: string, rootDir: string): string | undefined {
  if (!isAppUrl(url)) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  if (pathname.includes('\0')) return undefined;
  const root = resolve(rootDir);
  const file = resolve(root, `.${pathname}`);
  return file.startsWith(root + sep) ? file : undefined;
}

/** The protocol.handle('app', …) handler: static files from the built renderer, with our headers. */
export function createAppProtocolHandler(rootDir: string): (request: { url: string }) => Promise<Response> {
  return async (request) => {
    const file = resolveAppFile(request.url, rootDir);
    if (!file) return new Response('forbidden', { status: 403, headers: securityHeaders() });
    try {
      const body = await readFile(file);
      const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
      return new Response(body, { status: 200, headers: { ...securityHeaders(), 'Content-Type': type } });
    } catch {
      return new Response('not found', { status: 404, headers: securityHeaders() });
    }
  };
}
