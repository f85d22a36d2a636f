import { describe, expect, test } from 'vitest';
import { parseTitleText } from '../../../renderer/src/cashier/title-parser.ts';

describe('发票抬头 text', () => {
  test('WeChat 我的发票抬头 (copied)', () => {
    const text = '名称：深圳市蓝海科技有限公司\n税号：91440300MA5F8X2KXF\n单位地址：深圳市南山区科技园1号\n电话号码：0755-26668888\n开户银行：招商银行深圳分行\n银行账户：7559 1234 5678 901';
    expect(parseTitleText(text)).toEqual({
      name: '深圳市蓝海科技有限公司',
      taxId: '91440300MA5F8X2KXF',
      address: '深圳市南山区科技园1号',
      phone: '0755-26668888',
      bank: '招商银行深圳分行',
      account: '755912345678901',
    });
  });
  test('Alipay style with combined 地址电话 and 开户行及账号, half-width colons and CRLF', () => {
    const text = '公司名称: 杭州星河贸易有限公司\r\n纳税人识别号: 91330106ma2h0xkq64\r\n地址、电话: 杭州市西湖区文三路1号 0571-88886666\r\n开户行及账号: 中国银行杭州分行 1234567890123';
    expect(parseTitleText(text)).toEqual({
      name: '杭州星河贸易有限公司',
      taxId: '91330106MA2H0XKQ64',
      address: '杭州市西湖区文三路1号',
      phone: '0571-88886666',
      bank: '中国银行杭州分行',
      account: '1234567890123',
    });
  });
  test('unlabelled lines: the tax ID by its shape, the name by a company word', () => {
    expect(parseTitleText('杭州星河贸易有限公司\n91330106MA2H0XKQ64')).toEqual({ name: '杭州星河贸易有限公司', taxId: '91330106MA2H0XKQ64' });
  });
  test('tabs and semicolons as separators; an 抬头 label', () => {
    expect(parseTitleText('抬头\t某某商行；税号\t92330106MA2H0XKQ6X')).toEqual({ name: '某某商行', taxId: '92330106MA2H0XKQ6X' });
  });
  test('a mobile phone in 地址电话; empty values are skipped', () => {
    expect(parseTitleText('名称：某某公司\n税号：\n地址电话：北京市朝阳区 13800138000')).toEqual({ name: '某某公司', address: '北京市朝阳区', phone: '13800138000' });
  });
  test('text with nothing recognisable gives nothing', () => {
    expect(parseTitleText('hello\nworld')).toEqual({});
  });
});
