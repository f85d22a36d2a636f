import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { HidDeviceInfo } from '../hid.ts';

/**
 * What differs between UKey models lives in resources/ukey-profiles/*.json, not in code: USB IDs, report
 * size and numbering, the frame and APDU command bytes, timeouts and PIN rules.
 */
const byte = z.union([z.number().int().min(0).max(255), z.string().regex(/^0x[0-9a-fA-F]{1,2}$/).transform((s) => Number.parseInt(s, 16))]);
const word = z.union([z.number().int().min(0).max(0xffff), z.string().regex(/^0x[0-9a-fA-F]{1,4}$/).transform((s) => Number.parseInt(s, 16))]);

export const UKeyProfileSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  match: z.array(z.object({ vendorId: word, productId: word, usagePage: word.optional() })).min(1),
  /** Bytes per HID report, without the report ID. */
  reportSize: z.number().int().min(16).max(1024).default(64),
  /** Report ID written first on every output report (0 for unnumbered reports). */
  reportId: byte.default(0),
  /** Whether input reports arrive with the report ID byte first (numbered reports). */
  inputHasReportId: z.boolean().default(false),
  frame: z.object({ init: byte, msg: byte, error: byte, keepalive: byte }),
  apdu: z.object({ cla: byte, getInfo: byte, verifyPin: byte, readCertificate: byte, signDigest: byte }),
  /** Largest certificate chunk per READ command. */
  readChunk: z.number().int().min(16).max(4096).default(1024),
  timeouts: z.object({ commandMs: z.number().int().positive(), signMs: z.number().int().positive() }).default({ commandMs: 3000, signMs: 10000 }),
  pin: z.object({ minLength: z.number().int().min(1), maxLength: z.number().int().max(64), pattern: z.string().default('^[0-9]+$') }).default({ minLength: 6, maxLength: 16, pattern: '^[0-9]+$' }),
  /** Opens the device shared (Windows otherwise gives one process exclusive access). */
  nonExclusive: z.boolean().default(false),
});
export type UKeyProfile = z.infer<typeof UKeyProfileSchema>;

export const DEFAULT_PROFILE_DIR = fileURLToPath(new URL('../../resources/ukey-profiles/', import.meta.url));

/** Where device profiles are read from; the packaged app points this at its resources folder. */
let profileDir = DEFAULT_PROFILE_DIR;
export function setProfileDir(dir: string): void {
  profileDir = dir;
}

export function parseProfile(json: unknown): UKeyProfile {
  return UKeyProfileSchema.parse(json);
}

/** All profiles in a folder (the packaged app passes its resources path). */
export function loadProfiles(dir: string = profileDir): UKeyProfile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseProfile(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
}

export function profileFor(device: HidDeviceInfo, profiles: UKeyProfile[]): UKeyProfile | undefined {
  return profiles.find((p) =>
    p.match.some((m) => m.vendorId === device.vendorId && m.productId === device.productId && (m.usagePage === undefined || m.usagePage === device.usagePage)),
  );
}
