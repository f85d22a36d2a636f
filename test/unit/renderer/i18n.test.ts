import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EN, translate } from '../../../renderer/src/i18n/index.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('i18n', () => {
  test('zh-CN is the text itself; English translates; unknown falls back to Chinese', () => {
    expect(translate('zh-CN', '开具发票 (F9)')).toBe('开具发票 (F9)');
    expect(translate('en', '开具发票 (F9)')).toBe('Issue (F9)');
    expect(translate('en', '没有这个词')).toBe('没有这个词');
  });
  test('variables are filled in both languages', () => {
    expect(translate('zh-CN', '待上传 {n}', { n: 3 })).toBe('待上传 3');
    expect(translate('en', '待上传 {n}', { n: 3 })).toBe('Queued 3');
    expect(translate('en', '未找到条码 {code}', { code: '690' })).toBe('No item with barcode 690');
  });
  test("every t('…') literal in the renderer has an English entry", () => {
    const used = new Set<string>();
    for (const file of sources('renderer/src'))
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([^']+)'/g)) used.add(m[1]!);
    const missing = [...used].filter((k) => !(k in EN));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(60);
  });
  test('placeholders match between Chinese and English', () => {
    for (const [zh, en] of Object.entries(EN)) expect([...en.matchAll(/\{\w+\}/g)].map(String).sort(), zh).toEqual([...zh.matchAll(/\{\w+\}/g)].map(String).sort());
  });
});
