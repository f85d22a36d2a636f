import { nodeSandboxLauncher } from '../../electron/sandbox/node-launcher.ts';
import { createHttpChannel } from '../../electron/core/channel/client.ts';
import { loadSandboxCredentials } from '../../electron/core/config.ts';
import { createSoftSigner } from '../../electron/core/signer/soft-signer.ts';

/** A real sandbox process on loopback, and a channel to it with a freshly generated test key. */
export async function sandboxWithChannel(dataDir: string, port = 0) {
  const sandbox = await nodeSandboxLauncher(`${dataDir}/sandbox`, port);
  const creds = loadSandboxCredentials(dataDir);
  await register(sandbox.url, creds);
  const channel = createHttpChannel(
    { baseUrl: sandbox.url, appId: creds.appId, sm4KeyHex: creds.sm4KeyHex, timeoutMs: 5_000 },
    createSoftSigner(creds),
  );
  return { sandbox, channel, creds };
}

export async function register(url: string, creds: ReturnType<typeof loadSandboxCredentials>): Promise<void> {
  const res = await fetch(`${url}/v1/sandbox/apps/${creds.appId}`, {
    method: 'PUT',
    body: JSON.stringify({ publicKeyHex: creds.publicKeyHex, sm4KeyHex: creds.sm4KeyHex }),
  });
  if (!res.ok) throw new Error(`register failed: ${res.status}`);
}

/** What the sandbox has issued: its database is the ground truth. */
export async function sandboxInvoices(url: string): Promise<Array<{ orderNo: string; number: string; total: string }>> {
  return (await (await fetch(`${url}/v1/sandbox/invoices`)).json()) as Array<{ orderNo: string; number: string; total: string }>;
}
