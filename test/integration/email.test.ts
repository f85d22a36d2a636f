import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { describe, expect, test } from 'vitest';
import { startApp } from '../../electron/core/bootstrap.ts';
import { createEncryptedSecretStore } from '../../electron/core/secrets.ts';
import { testCipher } from '../support/secrets.ts';
import { nodeSandboxLauncher } from '../../electron/sandbox/node-launcher.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { sampleDraft } from '../support/drafts.ts';
import { invoiceEvent } from '../support/events.ts';
import { tempDir } from '../support/tmp.ts';

/** A real SMTP server on loopback that keeps what it receives. */
async function smtpServer(login: { user: string; pass: string }): Promise<{ port: number; received: Promise<{ to: string; body: string }>; close(): Promise<void> }> {
  let deliver!: (m: { to: string; body: string }) => void;
  const received = new Promise<{ to: string; body: string }>((resolve) => (deliver = resolve));
  const server = new SMTPServer({
    // Loopback only, so plain-text AUTH is acceptable for the test; a real relay uses TLS (secure: true).
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth(auth, _session, callback) {
      if (auth.username === login.user && auth.password === login.pass) callback(null, { user: auth.username });
      else callback(new Error('bad login'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        deliver({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('e-mailing an issued invoice to the buyer', () => {
  const cleanups = cleanupsAfterEach();

  test('through the store SMTP server (password from the secret store): the number reaches the buyer, audited', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const smtp = await smtpServer({ user: 'till', pass: 'smtp-secret-1' });
    cleanups.push(() => smtp.close());
    // IT sets the mail server in config.json (no password needed by this server).
    const configFile = join(data.path, 'config.json');
    writeFileSync(configFile, JSON.stringify({ mail: { host: '127.0.0.1', port: smtp.port, secure: false, user: 'till', from: 'fapiao@store.example' } }));
    const app = await startApp({
      dataDir: data.path,
      launchSandbox: nodeSandboxLauncher,
      secrets: createEncryptedSecretStore(join(data.path, 'secrets'), testCipher()),
    });
    cleanups.push(() => app.stop());


    const issued = invoiceEvent(app.core, (i) => i.orderNo === 'MAIL-1' && i.status === 'issued');
    await app.core.handlers.issueInvoice(sampleDraft('MAIL-1'));
    const invoice = await issued;

    // Without the password the server refuses the login: the cashier is told, nothing pretends to be sent.
    const refused = await app.core.handlers.requestEmailDelivery({ orderNo: 'MAIL-1', email: 'buyer@example.com' }).catch((e: unknown) => e);
    expect((refused as { code: string }).code).toBe('EMAIL_FAILED');
    expect(await app.core.handlers.setChannelSecret({ name: 'mail.password', key: 'smtp-secret-1' })).toEqual({ stored: true });

    const r = await app.core.handlers.requestEmailDelivery({ orderNo: 'MAIL-1', email: 'buyer@example.com' });
    expect(r.delivery).toBe('sent');
    const mail = await smtp.received;
    expect(mail.to).toBe('buyer@example.com');
    // The body is UTF-8 text in base64 (it is Chinese): decode it as a mail client would.
    const [head, encoded] = mail.body.split(/\r?\n\r?\n/, 2) as [string, string];
    expect(head).toContain('Content-Transfer-Encoding: base64');
    const text = Buffer.from(encoded.replace(/\s+/g, ''), 'base64').toString('utf8');
    expect(text).toContain(`发票号码：${invoice.number}`);
    expect(text).toContain(`价税合计：¥${invoice.invoice.total}`);
    const types = app.core.db.prepare("SELECT type FROM audit WHERE subject = 'MAIL-1'").pluck().all();
    expect(types).toEqual(expect.arrayContaining(['invoice.email_requested', 'invoice.emailed']));
    expect(readFileSync(configFile, 'utf8')).toContain('127.0.0.1');
  });
});
