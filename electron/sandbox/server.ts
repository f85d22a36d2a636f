import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { computeInvoice } from '../core/invoice/compute.ts';
import { buildRedInvoice, type RedLine } from '../core/invoice/red-letter.ts';
import {
  FileRequestSchema,
  HEADER,
  SubmissionSchema,
  TillMarkSchema,
  QueryRequestSchema,
  RETURN_CODE,
  SealedBodySchema,
  replySigningInput,
  signingInput,
  type ChannelReply,
  type Issued,
  type ItemResult,
  type Submission,
  type TillMark,
} from '../core/channel/protocol.ts';
import { sm4Open } from '../core/channel/sm4.ts';
import { loopbackHost, sameSecret } from '../core/local-guard.ts';
import { keyPairFromPrivate, signatureHex } from '../core/signer/gm/keys.ts';
import { verifySm2 } from '../core/signer/soft-signer.ts';
import { faultInjector, parseFaults, type FaultConfig, type FaultInjector } from './faults.ts';
import { loadReplyKey } from './reply-key.ts';
import { openSandboxDb } from './store.ts';

/** A batch is checked invoice by invoice (SubmissionSchema), so only the envelope is checked here. */
const IssueBatchSchema = z.object({ invoices: z.array(z.unknown()).min(1).max(500), till: z.unknown().optional() });

export interface SandboxOptions {
  dataDir: string;
  port?: number;
  /** 1-digit 开具渠道 in the invoice number (docs/invoice-rules.md §2.2: no official enumeration; configurable). */
  channelDigit?: string;
  timestampWindowMs?: number;
  /** Injected faults; default from FAPIAO_SANDBOX_FAULTS (see faults.ts). */
  faults?: FaultConfig;
  /** Hours a 红字确认单 awaiting the other party stays open before it lapses (07). */
  redConfirmHours?: number;
  /** The admin API's bearer token (/v1/sandbox/*); default: a fresh random one for this run. */
  adminToken?: string;
}

export interface Sandbox {
  url: string;
  port: number;
  /** Needed (Authorization: Bearer …) by the admin API: registration, faults, the ground-truth reads. */
  adminToken: string;
  /** The SM2 public key the sandbox signs its replies with (also returned at registration). */
  publicKeyHex: string;
  faults: FaultInjector;
  close(): Promise<void>;
}

interface AppRow {
  app_id: string;
  public_key: string;
  sm4_key: string;
}

interface InvoiceRow {
  order_no: string;
  number: string;
  issued_at: number;
  qr: string;
  total: string;
  kind: string;
  submission_json: string;
}

interface FormRow {
  form_no: string;
  app_id: string;
  order_no: string;
  original_order_no: string;
  state: string;
  created_at: number;
}

const reply = (code: string, message: string, results?: ItemResult[]): ChannelReply =>
  results === undefined ? { code, message } : { code, message, results };

const VOID_STATES = new Set(['05', '06', '07', '08', '09', '10']);

/**
 * The sandbox platform: speaks the channel protocol with the platform's rules (AppID, ±5 min timestamp,
 * nonce replay, SM2 signature, SM4 body), re-validates every invoice, assigns 20-digit numbers
 * (2-digit year, 2-digit region, 1-digit channel, 15-digit sequence), keeps 红字确认单 with the bureau's
 * states, serves invoice files (XML) and injects faults. Its SQLite is the ground truth for tests.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const db = openSandboxDb(options.dataDir);
  const window = options.timestampWindowMs ?? 5 * 60_000;
  const channelDigit = options.channelDigit ?? '1';
  const confirmMs = (options.redConfirmHours ?? 72) * 3_600_000;
  const faults = faultInjector(options.faults ?? parseFaults(process.env.FAPIAO_SANDBOX_FAULTS));
  const holdTillMark = db.prepare(
    `INSERT INTO till_marks (app_id, seq, audit_seq, head, at, received_at, till_id) VALUES (@app, @seq, @auditSeq, @head, @at, @received, @tillId)
     ON CONFLICT (app_id, till_id) DO UPDATE SET seq = excluded.seq, audit_seq = excluded.audit_seq, head = excluded.head, at = excluded.at,
       received_at = excluded.received_at
     WHERE excluded.seq > till_marks.seq OR (excluded.seq = till_marks.seq AND excluded.audit_seq >= till_marks.audit_seq)`,
  );
  const heldTillMark = db.prepare("SELECT seq, audit_seq AS auditSeq, head, at, NULLIF(till_id, '') AS id FROM till_marks WHERE app_id = ? AND till_id = ?");
  const held = new Set<ServerResponse>();
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const replyKey = keyPairFromPrivate(loadReplyKey(options.dataDir).privateKeyHex);
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, reply(RETURN_CODE.systemBusy, `sandbox error: ${String(err)}`));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const body = await readBody(req);
    if (req.method === 'GET' && url.pathname === '/v1/health')
      return faults.inMaintenance(Date.now()) ? send(res, 503, reply(RETURN_CODE.maintenance, '系统维护中')) : send(res, 200, { ok: true });
    if (url.pathname.startsWith('/v1/sandbox/')) {
      // Only this run's parent (or a test) may drive the sandbox, and only under a loopback name.
      if (!loopbackHost(req.headers.host, port)) return send(res, 403, reply(RETURN_CODE.permissionDenied, 'forbidden host'));
      if (!bearer(req, adminToken)) return send(res, 401, reply(RETURN_CODE.permissionDenied, 'admin token required'));
      return admin(req, res, url, body);
    }
    if (req.method !== 'POST') return send(res, 404, reply(RETURN_CODE.notFound, 'no such service'));
    // Every answer to a business call is signed, bound to the request's AppID and nonce.
    const signed = (status: number, value: unknown): void => {
      const text = JSON.stringify(value);
      const at = String(Date.now());
      const sig = signatureHex(replyKey.sign(replySigningInput(header(req, HEADER.appId), header(req, HEADER.nonce), at, status, text)), 'rs');
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        [HEADER.replyTimestamp]: at,
        [HEADER.replySignature]: sig,
      });
      res.end(text);
    };

    if (faults.inMaintenance(Date.now())) return signed(503, reply(RETURN_CODE.maintenance, '系统维护中，请稍后再试'));
    const { fault, latencyMs } = faults.next();
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (fault === 'drop') return void req.socket.destroy();
    if (fault === 'http5xx') return signed(500, { error: 'internal server error' });
    if (fault === 'busy') return signed(200, reply(RETURN_CODE.systemBusy, '系统繁忙，请稍后再试'));

    const opened = authenticate(req, body);
    if ('code' in opened) return signed(200, opened);
    const { app, payload } = opened;
    let answer: ChannelReply;
    if (url.pathname === '/v1/invoices/issue') {
      const parsed = IssueBatchSchema.safeParse(payload);
      if (!parsed.success) return signed(200, reply(RETURN_CODE.parameterError, `bad request: ${parsed.error.message}`));
      const poison = faults.config.poisonPrefix;
      if (poison && parsed.data.invoices.some((raw) => String((raw as { orderNo?: unknown } | null)?.orderNo ?? '').startsWith(poison)))
        return signed(200, reply(RETURN_CODE.parameterError, 'bad request: the request envelope is refused'));
      // Each invoice is checked on its own, so one malformed invoice is refused alone, never the batch.
      // One transaction per request: the whole batch is committed (one fsync) before the answer goes out.
      const till = TillMarkSchema.safeParse(parsed.data.till);
      answer = reply(RETURN_CODE.ok, 'ok', db.transaction(() => {
        // The till's high-water mark, held per app (never lowered): what a till that lost data is compared with.
        if (till.success) holdTillMark.run({ app: app.app_id, seq: till.data.seq, auditSeq: till.data.auditSeq, head: till.data.head, at: till.data.at, received: Date.now(), tillId: till.data.id ?? '' });
        return parsed.data.invoices.map((raw) => {
        const one = SubmissionSchema.safeParse(raw);
        if (one.success) return issueOne(app, one.data);
        const orderNo = typeof (raw as { orderNo?: unknown } | null)?.orderNo === 'string' ? (raw as { orderNo: string }).orderNo : '';
        return { orderNo, code: RETURN_CODE.parameterError, message: `发票数据格式有误：${one.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}` };
        });
      })());
      // The mark held for this till, in the signed answer: a till that comes back behind it has lost data.
      const mark = till.success ? (heldTillMark.get(app.app_id, till.data.id ?? '') as (TillMark & { id: string | null }) | undefined) : undefined;
      if (mark) answer = { ...answer, till: mark.id === null ? { seq: mark.seq, auditSeq: mark.auditSeq, head: mark.head, at: mark.at } : { ...mark, id: mark.id } };
      if (fault === 'duplicateReply')
        answer = reply(
          RETURN_CODE.ok,
          'ok',
          answer.results!.map((r) => (r.issued ? { orderNo: r.orderNo, code: RETURN_CODE.duplicate, message: '重复提交' } : r)),
        );
    } else if (url.pathname === '/v1/invoices/query') {
      const parsed = QueryRequestSchema.safeParse(payload);
      if (!parsed.success) return signed(200, reply(RETURN_CODE.parameterError, `bad request: ${parsed.error.message}`));
      answer = reply(RETURN_CODE.ok, 'ok', parsed.data.orderNos.map((o) => queryOne(app, o)));
    } else if (url.pathname === '/v1/invoices/file') {
      const parsed = FileRequestSchema.safeParse(payload);
      if (!parsed.success) return signed(200, reply(RETURN_CODE.parameterError, `bad request: ${parsed.error.message}`));
      const row = findRow(app.app_id, parsed.data.orderNo);
      if (!row) return signed(200, reply(RETURN_CODE.notFound, 'no invoice with this order number'));
      answer = { code: RETURN_CODE.ok, message: 'ok', file: { orderNo: row.order_no, format: 'xml', contentBase64: Buffer.from(invoiceXml(row)).toString('base64') } };
    } else return signed(404, reply(RETURN_CODE.notFound, 'no such service'));

    if (fault === 'timeoutAfterCommit') {
      // Committed, and the answer never comes: the till sees a timeout or a reset.
      const hang = faults.config.hangMs;
      if (hang <= 0) return void req.socket.destroy();
      held.add(res);
      setTimeout(() => {
        held.delete(res);
        req.socket.destroy();
      }, hang);
      return;
    }
    signed(200, answer);
  }

  function admin(req: IncomingMessage, res: ServerResponse, url: URL, body: string): void {
    const register = /^\/v1\/sandbox\/apps\/([\w-]+)$/.exec(url.pathname);
    if (req.method === 'PUT' && register) {
      const { publicKeyHex, sm4KeyHex, sellerTaxId } = JSON.parse(body) as Record<string, string>;
      db.prepare(
        'INSERT INTO apps (app_id, public_key, sm4_key, seller_tax_id) VALUES (?, ?, ?, ?) ON CONFLICT (app_id) DO UPDATE SET public_key = excluded.public_key, sm4_key = excluded.sm4_key, seller_tax_id = excluded.seller_tax_id',
      ).run(register[1], publicKeyHex, sm4KeyHex, sellerTaxId ?? null);
      return send(res, 200, { ok: true, publicKeyHex: replyKey.publicKeyHex });
    }
    if (req.method === 'GET' && url.pathname === '/v1/sandbox/invoices')
      return send(res, 200, db.prepare('SELECT order_no AS orderNo, number, total, kind, original_order_no AS originalOrderNo FROM invoices ORDER BY number').all());
    if (req.method === 'PUT' && url.pathname === '/v1/sandbox/faults') {
      faults.set(JSON.parse(body || '{}') as Partial<FaultConfig>);
      return send(res, 200, faults.config);
    }
    if (req.method === 'GET' && url.pathname === '/v1/sandbox/red-forms')
      return send(res, 200, db.prepare('SELECT form_no AS formNo, order_no AS orderNo, original_order_no AS originalOrderNo, state FROM red_forms ORDER BY created_at').all());
    const form = /^\/v1\/sandbox\/red-forms\/([\w-]+)\/(confirm|deny|withdraw|expire)$/.exec(url.pathname);
    if (req.method === 'POST' && form) {
      const row = db.prepare('SELECT * FROM red_forms WHERE form_no = ?').get(form[1]) as FormRow | undefined;
      if (!row) return send(res, 404, reply(RETURN_CODE.notFound, 'no such form'));
      const awaiting = row.state === '02' || row.state === '03';
      const next =
        form[2] === 'confirm' ? (awaiting ? '04' : undefined)
        : form[2] === 'deny' ? (row.state === '02' ? '05' : row.state === '03' ? '06' : undefined)
        : form[2] === 'withdraw' ? (awaiting ? '08' : row.state === '01' || row.state === '04' ? '09' : undefined)
        : awaiting ? '07' : undefined;
      if (next === undefined) return send(res, 409, reply(RETURN_CODE.parameterError, `form is in state ${row.state}`));
      db.prepare('UPDATE red_forms SET state = ?, updated_at = ? WHERE form_no = ?').run(next, Date.now(), row.form_no);
      return send(res, 200, { formNo: row.form_no, state: next });
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

  function findRow(appId: string, orderNo: string): InvoiceRow | undefined {
    return db.prepare('SELECT * FROM invoices WHERE app_id = ? AND order_no = ?').get(appId, orderNo) as InvoiceRow | undefined;
  }

  function findIssued(appId: string, orderNo: string): Issued | undefined {
    const row = findRow(appId, orderNo);
    return row && { number: row.number, issuedAt: row.issued_at, qr: row.qr };
  }

  function findForm(appId: string, orderNo: string): FormRow | undefined {
    const form = db.prepare('SELECT * FROM red_forms WHERE app_id = ? AND order_no = ?').get(appId, orderNo) as FormRow | undefined;
    // A form awaiting the other party lapses after the confirmation period (state 07).
    if (form && (form.state === '02' || form.state === '03') && Date.now() - form.created_at >= confirmMs) {
      db.prepare("UPDATE red_forms SET state = '07', updated_at = ? WHERE form_no = ?").run(Date.now(), form.form_no);
      form.state = '07';
    }
    return form;
  }

  function formReply(orderNo: string, form: FormRow): ItemResult {
    const redForm = { formNo: form.form_no, state: form.state };
    return VOID_STATES.has(form.state)
      ? { orderNo, code: RETURN_CODE.redFormVoid, message: `红字确认单已作废（${form.state}）`, redForm }
      : { orderNo, code: RETURN_CODE.redFormPending, message: `红字确认单待对方确认（${form.state}）`, redForm };
  }

  function queryOne(app: AppRow, orderNo: string): ItemResult {
    const issued = findIssued(app.app_id, orderNo);
    if (issued) {
      const form = findForm(app.app_id, orderNo);
      return form ? { orderNo, code: RETURN_CODE.ok, message: 'issued', issued, redForm: { formNo: form.form_no, state: form.state } } : { orderNo, code: RETURN_CODE.ok, message: 'issued', issued };
    }
    const form = findForm(app.app_id, orderNo);
    return form ? formReply(orderNo, form) : { orderNo, code: RETURN_CODE.notFound, message: 'no invoice with this order number' };
  }

  function assignNumber(s: Submission): { number: string; issuedAt: number; qr: string } {
    const seq = (db.prepare('UPDATE sequence SET next = next + 1 WHERE id = 1 RETURNING next - 1 AS n').get() as { n: number }).n;
    const now = new Date();
    const number = invoiceNumber(now, regionOf(s.seller.taxId), channelDigit, seq);
    const qr = ['01', s.draft.type === 'special' ? '31' : '32', '', number, s.computed.total, ymd(now), '', ''].join(',');
    return { number, issuedAt: now.getTime(), qr };
  }

  function store(app: AppRow, s: Submission, originalOrderNo: string | null): ItemResult {
    const issued = assignNumber(s);
    db.prepare(
      'INSERT INTO invoices (order_no, app_id, number, issued_at, total, qr, submission_json, kind, original_order_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(s.orderNo, app.app_id, issued.number, issued.issuedAt, s.computed.total, issued.qr, JSON.stringify(s), s.kind, originalOrderNo);
    return { orderNo: s.orderNo, code: RETURN_CODE.ok, message: 'issued', issued };
  }

  /** A red invoice: checked against the blue one and earlier reds, through its 红字确认单 (docs/invoice-rules.md §5.1). */
  function issueRed(app: AppRow, s: Submission): ItemResult {
    const red = s.red;
    if (!red) return { orderNo: s.orderNo, code: RETURN_CODE.parameterError, message: '红字发票缺少对应蓝字发票信息' };
    let form = findForm(app.app_id, s.orderNo);
    if (!form) {
      const blue = findRow(app.app_id, red.originalOrderNo);
      if (!blue || blue.number !== red.originalNumber || blue.kind !== 'blue')
        return { orderNo: s.orderNo, code: RETURN_CODE.parameterError, message: `对应蓝字发票 ${red.originalNumber} 不存在` };
      const blueSub = JSON.parse(blue.submission_json) as Submission;
      const earlier = (db.prepare("SELECT submission_json FROM invoices WHERE app_id = ? AND original_order_no = ? AND kind = 'red'").all(app.app_id, red.originalOrderNo) as Array<{ submission_json: string }>).map(
        (r) => ({ invoice: (JSON.parse(r.submission_json) as Submission).computed as unknown as { lines: RedLine[] } }),
      );
      const request = red.lines === undefined ? { reason: red.reason } : { reason: red.reason, lines: red.lines };
      const built = buildRedInvoice({ kind: 'blue', status: 'issued', number: blue.number, invoice: blueSub.computed }, request, earlier);
      if (!built.ok) return { orderNo: s.orderNo, code: RETURN_CODE.parameterError, message: built.errors.map((e) => e.message_zh).join('；') };
      if (built.red.invoice.total !== s.computed.total) return { orderNo: s.orderNo, code: RETURN_CODE.parameterError, message: '红字发票金额与可冲销金额不符' };
      // When the buyer is a registered taxpayer it must confirm (02); otherwise no confirmation is needed (01).
      const state = blueSub.draft.buyer.taxId ? '02' : '01';
      const formNo = `${ymd(new Date())}${String((db.prepare('SELECT COUNT(*) AS n FROM red_forms').get() as { n: number }).n + 1).padStart(10, '0')}`;
      db.prepare('INSERT INTO red_forms (form_no, app_id, order_no, original_order_no, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        formNo, app.app_id, s.orderNo, red.originalOrderNo, state, Date.now(), Date.now(),
      );
      form = findForm(app.app_id, s.orderNo)!;
    }
    if (form.state !== '01' && form.state !== '04') return formReply(s.orderNo, form);
    return { ...store(app, s, red.originalOrderNo), redForm: { formNo: form.form_no, state: form.state } };
  }

  const issueOne = (app: AppRow, s: Submission): ItemResult =>
    db.transaction((): ItemResult => {
      const existing = findIssued(app.app_id, s.orderNo);
      if (existing) return { orderNo: s.orderNo, code: RETURN_CODE.duplicate, message: 'already issued', issued: existing };
      if (s.kind === 'red') return issueRed(app, s);
      const checked = computeInvoice(s.draft, { seller: s.seller });
      if (!checked.ok)
        return { orderNo: s.orderNo, code: RETURN_CODE.parameterError, message: checked.errors.map((e) => e.message_zh).join('；') };
      if (checked.invoice.total !== s.computed.total || checked.invoice.totalTax !== s.computed.totalTax)
        return { orderNo: s.orderNo, code: RETURN_CODE.parameterError, message: '价税合计与明细不符' };
      return store(app, s, null);
    })();

  // A port in use rejects (EADDRINUSE, answered by the CLI as PORT_IN_USE) instead of crashing the process.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    adminToken,
    publicKeyHex: replyKey.publicKeyHex,
    faults,
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

/** The invoice file: a plain XML rendering of what the platform issued (not the bureau's signed format). */
export function invoiceXml(row: { order_no: string; number: string; issued_at: number; total: string; kind: string; submission_json: string }): string {
  const s = JSON.parse(row.submission_json) as Submission;
  const esc = (v: string | undefined): string => (v ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const lines = s.computed.lines
    .map((l, i) => `    <Line no="${i + 1}" kind="${l.kind}"><Name>${esc(l.itemName)}</Name><TaxCode>${l.taxCode}</TaxCode><Quantity>${esc(l.quantity)}</Quantity><UnitPrice>${esc(l.unitPrice)}</UnitPrice><Amount>${l.amount}</Amount><Rate>${l.rate}</Rate><Tax>${l.tax}</Tax></Line>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<EInvoice number="${row.number}" orderNo="${esc(row.order_no)}" kind="${row.kind}" issuedAt="${new Date(row.issued_at).toISOString()}">
  <Seller><Name>${esc(s.seller.name)}</Name><TaxId>${esc(s.seller.taxId)}</TaxId></Seller>
  <Buyer><Name>${esc(s.draft.buyer.name)}</Name><TaxId>${esc(s.draft.buyer.taxId)}</TaxId></Buyer>
  <Lines>
${lines}
  </Lines>
  <TotalAmount>${s.computed.totalAmount}</TotalAmount><TotalTax>${s.computed.totalTax}</TotalTax><Total>${row.total}</Total>${s.red ? `\n  <Original number="${s.red.originalNumber}" reason="${s.red.reasonCode}"/>` : ''}
</EInvoice>
`;
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

/** DNS rebinding: a web page's request to loopback carries its own site's name as Host. */
function bearer(req: IncomingMessage, token: string): boolean {
  return sameSecret(header(req, 'authorization'), `Bearer ${token}`);
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

