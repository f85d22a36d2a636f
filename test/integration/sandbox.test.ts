import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { HEADER, RETURN_CODE, signingInput } from '../../electron/core/channel/protocol.ts';
import { sm4Seal } from '../../electron/core/channel/sm4.ts';
import { computeInvoice } from '../../electron/core/invoice/compute.ts';
import { createSoftSigner } from '../../electron/core/signer/soft-signer.ts';
import { faultInjector, parseFaults } from '../../electron/sandbox/faults.ts';
import { sampleDraft } from '../support/drafts.ts';
import { sandboxWithChannel, setFaults } from '../support/sandbox.ts';
import { tempDir } from '../support/tmp.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';

const SELLER = { name: '门店', taxId: '91310115591693856A', taxpayerType: 'general' as const };

describe('sandbox: the channel rules', () => {
  const cleanups = cleanupsAfterEach();

  test('AppID, timestamp window, signature, nonce replay; batch issue, query, duplicate, XML file', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const { sandbox, channel, creds } = await sandboxWithChannel(data.path);
    cleanups.push(() => sandbox.stop());
    const signer = createSoftSigner(creds);
    const raw = async (o: { appId?: string; timestamp?: number; nonce?: string; tamper?: boolean }) => {
      const body = JSON.stringify(sm4Seal(JSON.stringify({ orderNos: ['X'] }), creds.sm4KeyHex));
      const appId = o.appId ?? creds.appId;
      const ts = String(o.timestamp ?? Date.now());
      const nonce = o.nonce ?? randomBytes(16).toString('hex');
      let signature = await signer.sign(signingInput(appId, ts, nonce, body));
      if (o.tamper) signature = signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
      const res = await fetch(`${sandbox.url}/v1/invoices/query`, {
        method: 'POST',
        headers: { [HEADER.appId]: appId, [HEADER.timestamp]: ts, [HEADER.nonce]: nonce, [HEADER.signature]: signature },
        body,
      });
      return ((await res.json()) as { code: string }).code;
    };
    expect(await raw({})).toBe(RETURN_CODE.ok);
    expect(await raw({ appId: 'nobody' })).toBe(RETURN_CODE.unknownApp);
    expect(await raw({ timestamp: Date.now() - 6 * 60_000 })).toBe(RETURN_CODE.timestampWindow);
    expect(await raw({ tamper: true })).toBe(RETURN_CODE.badSignature);
    const nonce = randomBytes(16).toString('hex');
    expect(await raw({ nonce })).toBe(RETURN_CODE.ok);
    expect(await raw({ nonce })).toBe(RETURN_CODE.nonceReplay);

    const sub = (orderNo: string) => {
      const draft = sampleDraft(orderNo);
      const r = computeInvoice(draft);
      if (!r.ok) throw new Error('sample must be valid');
      return { orderNo, kind: 'blue' as const, draft, computed: r.invoice, seller: SELLER, createdAt: Date.now() };
    };
    const batch = await channel.issue([sub('S1'), sub('S2'), { ...sub('S3'), computed: { ...sub('S3').computed, total: '0.01' } }]);
    expect(batch.results?.map((r) => r.code)).toEqual([RETURN_CODE.ok, RETURN_CODE.ok, RETURN_CODE.parameterError]);
    // A malformed invoice in a batch is refused alone, with the channel's reason.
    const { computed: _dropped, ...malformed } = sub('S4');
    const mixed = await channel.issue([sub('S5'), malformed as unknown as ReturnType<typeof sub>]);
    expect(mixed.results?.map((r) => [r.orderNo, r.code])).toEqual([['S5', RETURN_CODE.ok], ['S4', RETURN_CODE.parameterError]]);
    const again = await channel.issue([sub('S1')]);
    expect(again.results?.[0]).toMatchObject({ code: RETURN_CODE.duplicate, issued: { number: batch.results?.[0]?.issued?.number } });
    const q = await channel.query(['S2', 'S9']);
    expect(q.results?.map((r) => r.code)).toEqual([RETURN_CODE.ok, RETURN_CODE.notFound]);
    const file = await channel.download!('S1');
    const xml = Buffer.from(file.file!.contentBase64, 'base64').toString('utf8');
    expect(xml).toContain(`number="${batch.results?.[0]?.issued?.number}"`);
    expect(xml).toMatch(/<Name>[^<]*T恤<\/Name>/);

    await setFaults(sandbox, { maintenanceUntil: Date.now() + 60_000 });
    expect((await channel.query(['S1'])).code).toBe(RETURN_CODE.maintenance);
    expect(await channel.health()).toBe(false);
  });

  test('faults: parsed from the environment form; the same seed gives the same sequence', () => {
    const config = parseFaults('seed=9,latency=1-3,busy=0.1,5xx=0.1,drop=0.1,after=0.1,dup=0.1,hang=50,maintenance=60000:5000');
    expect(config).toMatchObject({ seed: 9, latencyMs: [1, 3], busy: 0.1, http5xx: 0.1, drop: 0.1, timeoutAfterCommit: 0.1, duplicateReply: 0.1, hangMs: 50, maintenance: { everyMs: 60_000, forMs: 5_000 } });
    const a = faultInjector(config);
    const b = faultInjector(config);
    const seqA = Array.from({ length: 200 }, () => a.next());
    expect(Array.from({ length: 200 }, () => b.next())).toEqual(seqA);
    const kinds = new Set(seqA.map((d) => d.fault));
    expect(kinds).toEqual(new Set(['none', 'busy', 'http5xx', 'drop', 'timeoutAfterCommit', 'duplicateReply']));
    expect(a.inMaintenance(120_000 + 1_000)).toBe(true);
    expect(a.inMaintenance(120_000 + 6_000)).toBe(false);
    expect(() => parseFaults('nonsense=1')).toThrow(/unknown sandbox fault/);
  });
});
