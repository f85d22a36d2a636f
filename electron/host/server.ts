import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { HostMessageSchema, eventNames, eventRoles, type HostReply } from '../contract/index.ts';
import type { Core } from '../core/core.ts';
import { createSessionDispatcher } from '../core/session.ts';
import { createSession, signedIn } from '../core/auth/session.ts';
import { loopbackHost, sameSecret } from '../core/local-guard.ts';


export interface HostOptions {
  core: Core;
  /** The built renderer (vite build output). */
  staticDir: string;
  port?: number;
  log?: (msg: string) => void;
}

export interface Host {
  url: string;
  /**
   * The address to open: it carries a one-time code (in the fragment), exchanged once by the page for a
   * session token (POST /session); once used, the code is worthless, so nothing reusable is printed.
   */
  openUrl: string;
  /** Another one-time address (a second window, a test's page). */
  newOpenUrl(): string;
  close(): Promise<void>;
}

/** Largest WebSocket message the renderer ever sends (a call with its payload); larger closes that socket (1009). */
export const MAX_FRAME_BYTES = 1024 * 1024;

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
 * guarded by a session token (traded once for the launched URL's one-time code), the page's origin and the
 * Host header. Used by browser mode and the end-to-end tests.
 */
export async function startHost(o: HostOptions): Promise<Host> {
  const codes = new Set<string>();
  const tokens = new Set<string>();
  let port = 0;
  const log = o.log ?? ((m: string) => console.error(m));

  const http = createServer((req, res) => {
    // DNS rebinding: a page from another site resolved to 127.0.0.1 sends its own name as Host.
    if (!loopbackHost(req.headers.host, port)) return void res.writeHead(403).end();
    if (req.method === 'POST' && req.url === '/session') return void exchangeCode(req, res);
    serveStatic(req, res);
  });
  // A socket that errors (reset, garbage) is that client's problem only: never an unhandled 'error'.
  http.on('connection', (socket) => socket.on('error', () => undefined));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, skipUTF8Validation: false });
  wss.on('error', (err) => log(`host websocket server error: ${err.message}`));

  http.on('upgrade', (req, socket, head) => {
    socket.on('error', () => undefined);
    const url = parseUrl(req.url, `http://127.0.0.1:${port}`);
    if (!url) {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const given = url.searchParams.get('token') ?? '';
    const ok =
      url.pathname === '/ws' &&
      loopbackHost(req.headers.host, port) &&
      req.headers.origin === `http://${req.headers.host}` &&
      [...tokens].some((t) => sameSecret(given, t));
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  /** The page trades its one-time code for a session token: same origin only, and each code works once. */
  function exchangeCode(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1024) req.destroy();
      else chunks.push(c);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      let code = '';
      try {
        code = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code?: unknown }).code ?? '');
      } catch {
        // not JSON: no code
      }
      const known = [...codes].find((c) => sameSecret(code, c));
      if (req.headers.origin !== `http://${req.headers.host}` || known === undefined) return void res.writeHead(403).end();
      codes.delete(known);
      const token = randomBytes(24).toString('base64url');
      tokens.add(token);
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ token }));
    });
  }

  function attach(ws: WebSocket): void {
    // A bad frame (too large, invalid UTF-8, a protocol error) makes ws close this socket with the right
    // code and emit 'error' here; without a listener that would take the whole host (and core) down.
    ws.on('error', (err) => log(`host websocket closed: ${err.message}`));
    // Each connection is its own session: the manager's PIN opens the manager's calls for it alone.
    const session = createSession();
    const dispatch = createSessionDispatcher(o.core, o.log, session);
    // A tab still on the sign-in screen hears the queue and the signer, not who bought what.
    const unsubscribe = eventNames.map((event) =>
      o.core.events.on(event, (payload) => {
        if (eventRoles[event] === 'public' || signedIn(session, Date.now())) send(ws, { t: 'event', event, payload });
      }),
    );
    ws.on('close', () => unsubscribe.forEach((u) => u()));
    ws.on('message', (data, isBinary) => {
      let msg;
      try {
        if (isBinary) throw new Error('binary frame');
        msg = HostMessageSchema.parse(JSON.parse(String(data)));
      } catch {
        ws.close(1003, 'bad message');
        return;
      }
      const { id, name, payload } = msg;
      void dispatch(name, payload)
        .then((reply) => send(ws, { t: 'reply', id, reply }))
        .catch((err: unknown) => log(`host call ${name} failed: ${err instanceof Error ? err.message : String(err)}`));
    });
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse): void {
    const origin = `http://${req.headers.host}`;
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
  port = (http.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const newOpenUrl = (): string => {
    const code = randomBytes(24).toString('base64url');
    codes.add(code);
    return `${url}/#code=${code}`;
  };
  return {
    url,
    openUrl: newOpenUrl(),
    newOpenUrl,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/** Only the names this host answers to on loopback: 127.0.0.1:port and localhost:port. */
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
