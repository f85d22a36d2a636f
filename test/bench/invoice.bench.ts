import { DraftSchema } from '../../electron/contract/index.ts';
import { computeInvoice } from '../../electron/core/invoice/compute.ts';
import { searchTaxCodes, taxCodeTable } from '../../electron/core/invoice/taxcodes.ts';
import { percentile, sample } from './stats.ts';

/** Validate and compute a 100-line invoice (half with discounts); search the code table. */
export async function run(): Promise<Record<string, number>> {
  const leaves = [...taxCodeTable().codes.values()].filter((c) => !c.isSummary && c.rateFractions.some((r) => r !== '0') && !c.code.startsWith('6'));
  const draft = DraftSchema.parse({
    orderNo: 'BENCH-100',
    buyer: { name: '某某有限公司', taxId: '91310115591693856A' },
    lines: Array.from({ length: 100 }, (_, i) => {
      const code = leaves[(i * 37) % leaves.length]!;
      return {
        name: `商品${i}`,
        taxCode: code.code,
        rate: code.rateFractions.find((r) => r !== '0')!,
        quantity: `${(i % 7) + 1}.5`,
        unitPrice: `${(i * 13) % 500}.99`,
        ...(i % 2 === 0 ? { discount: '0.50' } : {}),
      };
    }),
  });
  const check = computeInvoice(draft, { maxLines: 200 });
  if (!check.ok) throw new Error(`bench draft is invalid: ${JSON.stringify(check.errors.slice(0, 3))}`);

  for (let i = 0; i < 200; i++) computeInvoice(draft, { maxLines: 200 }); // warm-up
  const calc = await sample(1000, () => computeInvoice(draft, { maxLines: 200 }));

  const queries = ['T恤', '服装', '大米', '软件', '10402011', '餐饮', '茶', '电脑', '牛仔裤', '3070401', '咖啡', '矿泉水'];
  for (const q of queries) searchTaxCodes(q, 20);
  const search = await sample(2400, (i) => searchTaxCodes(queries[i % queries.length]!, 20));

  return { calc_100_lines_p50_ms: percentile(calc, 50), taxcode_search_p50_ms: percentile(search, 50) };
}
