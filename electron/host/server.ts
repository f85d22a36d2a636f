import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { HostMessageSchema, eventNames, type HostReply } from '../contract/index.ts';
import type { Core } from '../core/core.ts';
import { createSessionDispatcher } from '../core/session.ts';


export interface HostOptions {
  core: Core;
  /** The built renderer (vite build output). */
  staticDir: string;
  port?: number;
  log?: (msg: string) => void;
}

export interface Host {
  url: string;
  /** The address to open: the per-run token travels in the fragment, never in a request line or log. */
  openUrl: string;
  token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The same Content-Security-Policy the Electron shell enforces; the WebSocket is the only connection. */
export function hostCsp(origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The headless shell: serves the built renderer and the contract over one WebSocket on 127.0.0.1,
 * guarded by a per-run token and the page's origin. Used by browser mode and the end-to-end tests.
 */
export async function startHost(o: HostOptions): Promise<Host> {
  const token = randomBytes(24).toString('base64url');
  let origin = '';

  const http = createServer((req, res) => serveStatic(req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });

  http.on('upgrade', (req, socket, head) => {
    const url = parseUrl(req.url, origin);
    if (!url) {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    const ok =
      url.pathname === '/ws' &&
      req.headers.origin === origin &&
      given.length === token.length &&
      timingSafeEqual(given, Buffer.from(token));
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket): void {
    // Each connection is its own session: the manager's PIN opens the manager's calls for it alone.
    const dispatch = createSessionDispatcher(o.core, o.log);
    const unsubscribe = eventNames.map((event) =>
      o.core.events.on(event, (payload) => send(ws, { t: 'event', event, payload })),
    );
    ws.on('close', () => unsubscribe.forEach((u) => u()));
    ws.on('message', (data) => {
      let msg;
      try {
        msg = HostMessageSchema.parse(JSON.parse(String(data)));
      } catch {
        ws.close(1003, 'bad message');
        return;
      }
      const { id, name, payload } = msg;
      void dispatch(name, payload).then((reply) => send(ws, { t: 'reply', id, reply }));
    });
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse): void {
    const decoded = decodedPath(req.url, origin);
    if (decoded === undefined) {
      res.writeHead(400).end();
      return;
    }
    const rel = normalize(decoded).replace(/^([/\\])+/, '');
    let file = join(o.staticDir, rel === '' ? 'index.html' : rel);
    if (!file.startsWith(o.staticDir + sep) && file !== o.staticDir) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || !statSync(file).isFile()) file = join(o.staticDir, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('renderer not built: run npm run build:renderer');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': hostCsp(origin),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve) => http.listen(o.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url: origin,
    openUrl: `${origin}/#token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/** A request line no URL parser accepts is answered with 400, never allowed to throw: core runs in this process. */
function decodedPath(raw: string | undefined, origin: string): string | undefined {
  try {
    return decodeURIComponent(new URL(raw ?? '/', origin).pathname);
  } catch {
    return undefined;
  }
}

function parseUrl(raw: string | undefined, origin: string): URL | undefined {
  try {
    return new URL(raw ?? '/', origin);
  } catch {
    return undefined;
  }
}

function send(ws: WebSocket, msg: HostReply): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}
