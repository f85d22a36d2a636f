
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { computeInvoice } from '../core/invoice/compute.ts';
import {
  HEADER,
  IssueRequestSchema,
  QueryRequestSchema,
  RETURN_CODE,
  SealedBodySchema,
  signingInput,
  type ChannelReply,
  type Issued,
  type ItemResult,
  type Submission,
} from '../core/channel/protocol.ts';
import { sm4Open } from '../core/channel/sm4.ts';
import { verifySm2 } from '../core/signer/soft-signer.ts';
import { openSandboxDb } from './store.ts';

export interface SandboxOptions {
  dataDir: string;
  port?: number;
  /** 1-digit 开具渠道 in the invoice number (reference §2.2: no official enumeration; configurable). */
  channelDigit?: string;
  timestampWindowMs?: number;
}

export interface Sandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface AppRow {
  app_id: string;
  public_key: string;
  sm4_key: string;
}

const reply = (code: string, message: string, results?: ItemResult[]): ChannelReply =>
  results === undefined ? { code, message } : { code, message, results };

/**
 * The sandbox platform: speaks the channel protocol with the platform's rules, assigns 20-digit numbers
 * (2-digit year, 2-digit region, 1-digit channel, 15-digit sequence) and keeps its own SQLite.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const db = openSandboxDb(options.dataDir);
  const window = options.timestampWindowMs ?? 5 * 60_000;
  const channelDigit = options.channelDigit ?? '1';

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      send(res, 500, reply(RETURN_CODE.systemBusy, `sandbox error: ${String(err)}`));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const body = await readBody(req);
    if (req.method === 'GET' && url.pathname === '/v1/health') return send(res, 200, { ok: true });
    const register = /^\/v1\/sandbox\/apps\/([\w-]+)$/.exec(url.pathname);
    if (req.method === 'PUT' && register) {
      const { publicKeyHex, sm4KeyHex, sellerTaxId } = JSON.parse(body) as Record<string, string>;
      db.prepare(
        'INSERT INTO apps (app_id, public_key, sm4_key, seller_tax_id) VALUES (?, ?, ?, ?) ON CONFLICT (app_id) DO UPDATE SET public_key = excluded.public_key, sm4_key = excluded.sm4_key, seller_tax_id = excluded.seller_tax_id',
      ).run(register[1], publicKeyHex, sm4KeyHex, sellerTaxId ?? null);
      return send(res, 200, { ok: true });
    }
    if (req.method === 'GET' && url.pathname === '/v1/sandbox/invoices') {
      return send(res, 200, db.prepare('SELECT order_no AS orderNo, number, total FROM invoices ORDER BY number').all());
    }
    if (req.method !== 'POST') return send(res, 404, reply(RETURN_CODE.notFound, 'no such service'));

    const opened = authenticate(req, body);
    if ('code' in opened) return send(res, 200, opened);
    const { app, payload } = opened;
    if (url.pathname === '/v1/invoices/issue') {
      const parsed = IssueRequestSchema.safeParse(payload);
      if (!parsed.success) return send(res, 200, reply(RETURN_CODE.parameterError, `bad request: ${parsed.error.message}`));
      return send(res, 200, reply(RETURN_CODE.ok, 'ok', parsed.data.invoices.map((s) => issueOne(app, s as Submission))));
    }
    if (url.pathname === '/v1/invoices/query') {
      const parsed = QueryRequestSchema.safeParse(payload);
      if (!parsed.success) return send(res, 200, reply(RETURN_CODE.parameterError, `bad request: ${parsed.error.message}`));
      return send(res, 200, reply(RETURN_CODE.ok, 'ok', parsed.data.orderNos.map((o) => queryOne(app, o))));
    }
    return send(res, 404, reply(RETURN_CODE.notFound, 'no such service'));
  }

  function authenticate(req: IncomingMessage, body: string): ChannelReply | { app: AppRow; payload: unknown } {
    const appId = header(req, HEADER.appId);
    const timestamp = header(req, HEADER.timestamp);
    const nonce = header(req, HEADER.nonce);
    const signature = header(req, HEADER.signature);
    const app = db.prepare('SELECT * FROM apps WHERE app_id = ?').get(appId) as AppRow | undefined;
    if (app === undefined) return reply(RETURN_CODE.unknownApp, `unknown AppID ${appId}`);
    if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > window)
      return reply(RETURN_CODE.timestampWindow, 'timestamp outside the accepted window');
    if (!/^[0-9a-f]{16,64}$/.test(nonce)) return reply(RETURN_CODE.parameterError, 'bad nonce');
    if (!verifySm2(signingInput(appId, timestamp, nonce, body), signature, app.public_key))
      return reply(RETURN_CODE.badSignature, 'signature does not verify');
    const fresh = db.prepare('INSERT OR IGNORE INTO nonces (nonce, at) VALUES (?, ?)').run(nonce, Date.now());
    if (fresh.changes === 0) return reply(RETURN_CODE.nonceReplay, 'nonce already used');
    try {
      return { app, payload: JSON.parse(sm4Open(SealedBodySchema.parse(JSON.parse(body)), app.sm4_key)) };
    } catch {
      return reply(RETURN_CODE.parameterError, 'body does not decrypt');
    }
  }

  function findIssued(appId: string, orderNo: string): Issued | undefined {
    const row = db
      .prepare('SELECT number, issued_at, qr FROM invoices WHERE app_id = ? AND order_no = ?')
      .get(appId, orderNo) as { number: string; issued_at: number; qr: string } | undefined;
    return row && { number: row.number, issuedAt: row.issued_at, qr: row.qr };
  }

  function queryOne(app: AppRow, orderNo: string): ItemResult {
    const issued = findIssued(app.app_id, orderNo);
    return issued
      ? { orderNo, code: RETURN_CODE.ok, message: 'issued', issued }
      : { orderNo, code: RETURN_CODE.notFound, message: 'no invoice with this order number' };
  }

  const issueOne = (app: AppRow, s: Submission): ItemResult =>
    db.transaction((): ItemResult => {
      const existing = findIssued(app.app_id, s.orderNo);
      if (existing) return { orderNo: s.orderNo, code: RETURN_CODE.duplicate, message: 'already issued', issued: existing };
      const checked = computeInvoice(s.draft, { seller: s.seller });
      if (!checked.ok)
        return { orderNo: s.orderNo, code: RETURN_CODE.parameterError, message: checked.errors.map((e) => e.message_zh).join('；') };
      if (checked.invoice.total !== s.computed.total || checked.invoice.totalTax !== s.computed.totalTax)
        return { orderNo: s.orderNo, code: RETURN_CODE.parameterError, message: '价税合计与明细不符' };
      const seq = (db.prepare('UPDATE sequence SET next = next + 1 WHERE id = 1 RETURNING next - 1 AS n').get() as { n: number }).n;
      const now = new Date();
      const number = invoiceNumber(now, regionOf(s.seller.taxId), channelDigit, seq);
      const qr = ['01', s.draft.type === 'special' ? '31' : '32', '', number, s.computed.total, ymd(now), '', ''].join(',');
      db.prepare(
        'INSERT INTO invoices (order_no, app_id, number, issued_at, total, qr, submission_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(s.orderNo, app.app_id, number, now.getTime(), s.computed.total, qr, JSON.stringify(s));
      return { orderNo: s.orderNo, code: RETURN_CODE.ok, message: 'issued', issued: { number, issuedAt: now.getTime(), qr } };
    })();


  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          db.close();
          resolve();
        });
      }),
  };
}

/** 2-digit year, 2-digit province, 1-digit channel, 15-digit sequence. */
export function invoiceNumber(date: Date, region: string, channelDigit: string, seq: number): string {
  return String(date.getFullYear() % 100).padStart(2, '0') + region + channelDigit + String(seq).padStart(15, '0');
}

/** Province from a USCC's region code (positions 3–4); Shanghai (31) otherwise. */
function regionOf(taxId: string): string {
  return /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}/.test(taxId) && taxId.length === 18 ? taxId.slice(2, 4) : '31';
}

function ymd(d: Date): string {
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

function header(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 32 * 1024 * 1024) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

