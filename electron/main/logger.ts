import { appendFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FILE_MODE, privateFiles, privateFolder } from '../core/store/file-modes.ts';

/**
 * Log hygiene: logs go to support staff and vendors, so they never hold secrets or full buyer tax IDs.
 * - values of secret-looking keys (password, secret, token, key, sm4Key, privateKey, …) → [REDACTED]
 * - long hex runs (keys, signatures) → [REDACTED-HEX]
 * - tax IDs (15–20 letters and digits with both present, or a value under a taxId key) keep the first
 *   4 and last 2 characters: 9131********56A → enough to tell stores apart, not to reuse.
 * Pure digits of 19 (tax classification codes) and 20 (invoice numbers) are left readable on purpose.
 */
const SECRET_KEY = '(?:[a-z_]*(?:password|passwd|pin|secret|token|privatekey|private_key|sm4key|apikey|appsecret|credential)[a-z_]*|key|keyhex)';
const SECRET_JSON = new RegExp(`("${SECRET_KEY}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
const SECRET_KV = new RegExp(`\\b(${SECRET_KEY}\\s*[=:]\\s*)([^\\s,;&"']+)`, 'gi');
const TAXID_JSON = /("[a-z_]*tax_?id"\s*:\s*)"([^"]*)"/gi;
const TAXID_KV = /\b([a-z_]*tax_?id\s*[=:]\s*)([0-9A-Za-z]+)/gi;
const HEX = /\b[0-9a-fA-F]{32,}\b/g;
const TAXID_TOKEN = /\b(?=[0-9A-Z]*[A-Z])(?=[0-9A-Z]*[0-9])[0-9A-Z]{15,20}\b/g;

export function maskTaxId(id: string): string {
  if (id.length <= 6) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 6)}${id.slice(-2)}`;
}

export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[REDACTED]');
  return out
    .replace(SECRET_JSON, '$1"[REDACTED]"')
    .replace(SECRET_KV, '$1[REDACTED]')
    .replace(HEX, '[REDACTED-HEX]')
    .replace(TAXID_JSON, (_m, k: string, v: string) => `${k}"${maskTaxId(v)}"`)
    .replace(TAXID_KV, (_m, k: string, v: string) => `${k}${maskTaxId(v)}`)
    .replace(TAXID_TOKEN, (m) => (m.includes('*') ? m : maskTaxId(m)));
}

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  /** Values (e.g. a freshly entered key) to scrub verbatim from every later line. */
  addSecret(value: string): void;
  readonly file: string;
}

export interface LoggerOptions {
  dir: string;
  name?: string;
  /** Rotate when the current file reaches this size. */
  maxBytes?: number;
  /** Rotated files kept: name.1.log (newest) … name.N.log. */
  keep?: number;
  now?: () => Date;
  /** Also echo to stderr (development). */
  echo?: boolean;
}

/** A small synchronous rotating file logger: a crash right after a line still leaves that line on disk. */
export function createLogger(o: LoggerOptions): Logger {
  const name = o.name ?? 'main';
  const maxBytes = o.maxBytes ?? 5 * 1024 * 1024;
  const keep = o.keep ?? 5;
  const now = o.now ?? (() => new Date());
  const file = join(o.dir, `${name}.log`);
  const secrets = new Set<string>();
  // Logs name buyers and invoices: only the till's user reads them (0700 / 0600, as the database).
  privateFolder(o.dir);
  privateFiles(file, ...Array.from({ length: keep }, (_, i) => join(o.dir, `${name}.${i + 1}.log`)));
  let size = existsSync(file) ? statSync(file).size : 0;

  const rotate = (): void => {
    rmSync(join(o.dir, `${name}.${keep}.log`), { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      const from = join(o.dir, `${name}.${i}.log`);
      if (existsSync(from)) renameSync(from, join(o.dir, `${name}.${i + 1}.log`));
    }
    if (existsSync(file)) renameSync(file, join(o.dir, `${name}.1.log`));
    size = 0;
  };

  const write = (level: string, msg: string): void => {
    const line = `${now().toISOString()} ${level} ${redact(msg, secrets).replace(/\r?\n/g, '\n    ')}\n`;
    const bytes = Buffer.byteLength(line);
    if (size > 0 && size + bytes > maxBytes) rotate();
    try {
      appendFileSync(file, line, { mode: FILE_MODE });
      size += bytes;
    } catch {
      // Logging must never take the till down (disk full, file locked by an editor).
    }
    if (o.echo) process.stderr.write(line);
  };

  return {
    file,
    info: (m) => write('INFO ', m),
    warn: (m) => write('WARN ', m),
    error: (m) => write('ERROR', m),
    addSecret: (v) => {
      if (v.length >= 4) secrets.add(v);
    },
  };
}
