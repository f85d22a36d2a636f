import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSoftKey, type SoftKey } from '../core/signer/soft-signer.ts';

/**
 * The sandbox's own SM2 key, with which it signs every reply (as a gateway does with the platform's key):
 * made on first run and kept in its data folder (mode 600), so the till's pinned public key stays valid.
 */
export function loadReplyKey(dataDir: string): SoftKey {
  const file = join(dataDir, 'reply-key.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SoftKey;
  mkdirSync(dataDir, { recursive: true });
  const key = generateSoftKey();
  try {
    writeFileSync(file, JSON.stringify(key), { mode: 0o600, flag: 'wx' });
  } catch {
    // Another sandbox process of this folder made it first: use that one.
    return JSON.parse(readFileSync(file, 'utf8')) as SoftKey;
  }
  return key;
}
