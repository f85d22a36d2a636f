import { fileURLToPath } from 'node:url';
import { createHttpChannel } from '../../electron/core/channel/client.ts';
import { loadSandboxCredentials } from '../../electron/core/config.ts';
import { createSoftSigner } from '../../electron/core/signer/soft-signer.ts';
import type { FaultConfig } from '../../electron/sandbox/faults.ts';
import { spawnSandbox, type SandboxProcess } from '../../electron/sandbox/spawn.ts';

const CLI = fileURLToPath(new URL('../../electron/cli/fapiao.ts', import.meta.url));

export interface SandboxSetup {
  port?: number;
  /** FAPIAO_SANDBOX_FAULTS for the sandbox process ("seed=1,busy=0.1,…"). */
  faults?: string;
  timeoutMs?: number;
  /** Run the sandbox at a lower CPU priority (nice), standing in for a channel on another machine. */
  nice?: number;
  /** Where the sandbox keeps its database (default <data>/sandbox). */
  dir?: string;
}

/** A real sandbox process on loopback (the same `fapiao sandbox` the app starts), with its own env. */
export function startSandboxProcess(dir: string, setup: SandboxSetup = {}): Promise<SandboxProcess> {
  const env = { ...process.env, FAPIAO_SANDBOX_FAULTS: setup.faults ?? '' };
  if (setup.nice !== undefined && process.platform !== 'win32')
    return spawnSandbox({ dataDir: dir, port: setup.port ?? 0, command: 'nice', args: ['-n', String(setup.nice), process.execPath, CLI], env });
  return spawnSandbox({ dataDir: dir, port: setup.port ?? 0, command: process.execPath, args: [CLI], env });
}

/** A real sandbox process on loopback, and a channel to it with a freshly generated test key. */
export async function sandboxWithChannel(dataDir: string, port = 0, setup: Omit<SandboxSetup, 'port'> = {}) {
  const sandbox = await startSandboxProcess(setup.dir ?? `${dataDir}/sandbox`, { ...setup, port });
  const creds = loadSandboxCredentials(dataDir);
  const replyKeyHex = await register(sandbox, creds);
  const channel = createHttpChannel(
    { baseUrl: sandbox.url, appId: creds.appId, sm4KeyHex: creds.sm4KeyHex, replyKeyHex, timeoutMs: setup.timeoutMs ?? 5_000 },
    createSoftSigner(creds),
  );
  return { sandbox, channel, creds, replyKeyHex };
}

/** A sandbox's admin API: its address and its per-run token. */
export interface SandboxAdmin {
  url: string;
  adminToken: string;
}

/** A call to the sandbox's admin API with this run's token. */
export function admin(s: SandboxAdmin, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${s.url}${path}`, { ...init, headers: { authorization: `Bearer ${s.adminToken}` } });
}

/** Registers an app (public key + SM4 key); returns the sandbox's reply key, which its replies verify under. */
export async function register(s: SandboxAdmin, creds: { appId: string; publicKeyHex: string; sm4KeyHex: string }): Promise<string> {
  const res = await admin(s, `/v1/sandbox/apps/${creds.appId}`, {
    method: 'PUT',
    body: JSON.stringify({ publicKeyHex: creds.publicKeyHex, sm4KeyHex: creds.sm4KeyHex }),
  });
  if (!res.ok) throw new Error(`register failed: ${res.status}`);
  return ((await res.json()) as { publicKeyHex: string }).publicKeyHex;
}

export interface SandboxInvoice {
  orderNo: string;
  number: string;
  total: string;
  kind: 'blue' | 'red';
  originalOrderNo: string | null;
}

/** What the sandbox has issued: its database is the ground truth. */
export async function sandboxInvoices(s: SandboxAdmin): Promise<SandboxInvoice[]> {
  return (await (await admin(s, '/v1/sandbox/invoices')).json()) as SandboxInvoice[];
}

/** Changes the sandbox's injected faults at runtime (e.g. to end them, or to open a maintenance window). */
export async function setFaults(s: SandboxAdmin, patch: Partial<FaultConfig>): Promise<void> {
  const res = await admin(s, '/v1/sandbox/faults', { method: 'PUT', body: JSON.stringify(patch) });
  if (!res.ok) throw new Error(`set faults failed: ${res.status}`);
}

export async function redFormAction(s: SandboxAdmin, formNo: string, action: 'confirm' | 'deny' | 'withdraw' | 'expire'): Promise<{ state: string }> {
  const res = await admin(s, `/v1/sandbox/red-forms/${formNo}/${action}`, { method: 'POST' });
  if (!res.ok) throw new Error(`red form ${action} failed: ${res.status}`);
  return (await res.json()) as { state: string };
}
