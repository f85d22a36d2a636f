/**
 * Reads the 发票抬头 text a customer shows from WeChat or Alipay (copied, pasted or scanned):
 * 名称/税号/地址电话/开户行账号, in their usual labels and separators. Unlabelled text still yields
 * the tax ID (an 18-character USCC or a 15/20-character old ID) and a company-looking name.
 */
export interface ParsedTitle {
  name?: string;
  taxId?: string;
  address?: string;
  phone?: string;
  bank?: string;
  account?: string;
  email?: string;
}

const LABELS: Array<[keyof ParsedTitle | 'addressPhone' | 'bankAccount', RegExp]> = [
  ['addressPhone', /^(?:单位)?地址(?:及|、|和|\/)?电话$/],
  ['bankAccount', /^开户(?:银)?行(?:及|、|和|\/)?(?:银行)?账号$/],
  ['name', /^(?:单位|公司|企业|发票)?(?:名称|抬头)$/],
  ['taxId', /^(?:税号|纳税人识别号|统一社会信用代码|识别号)$/],
  ['address', /^(?:单位|公司|注册)?地址$/],
  ['phone', /^(?:电话号码|电话|联系电话|单位电话)$/],
  ['bank', /^(?:开户银行|开户行|银行)$/],
  ['account', /^(?:银行账户|银行账号|账号|开户账号|账户)$/],
  ['email', /^(?:邮箱|电子邮箱|email|e-mail)$/i],
];

const TAX_ID = /\b([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}|[0-9A-Z]{15}|[0-9A-Z]{20})\b/;
const PHONE_AT_END = /\s*((?:\d{3,4}-)?\d{7,8}(?:-\d+)?|1\d{10})\s*$/;
const ACCOUNT_AT_END = /\s*(\d[\d ]{7,30}\d)\s*$/;

function splitLabel(line: string): [string, string] | undefined {
  const m = /^\s*([^：:\t]{1,12}?)\s*[：:\t]\s*(.*)$/.exec(line);
  return m ? [m[1]!.replace(/\s+/g, ''), m[2]!.trim()] : undefined;
}

export function parseTitleText(text: string): ParsedTitle {
  const out: ParsedTitle = {};
  const loose: string[] = [];
  for (const raw of text.replace(/\r/g, '').split(/\n|；|;/)) {
    const line = raw.trim();
    if (line === '') continue;
    const split = splitLabel(line);
    const field = split && LABELS.find(([, re]) => re.test(split[0]))?.[0];
    if (!split || !field) {
      loose.push(line);
      continue;
    }
    const value = split[1];
    if (value === '') continue;
    if (field === 'addressPhone') {
      const m = PHONE_AT_END.exec(value);
      out.address = m ? value.slice(0, m.index).trim() : value;
      if (m) out.phone = m[1]!;
    } else if (field === 'bankAccount') {
      const m = ACCOUNT_AT_END.exec(value);
      out.bank = m ? value.slice(0, m.index).trim() : value;
      if (m) out.account = m[1]!.replace(/\s+/g, '');
    } else if (field === 'taxId') out.taxId = value.replace(/\s+/g, '').toUpperCase();
    else if (field === 'account') out.account = value.replace(/\s+/g, '');
    else out[field] = value;
  }
  for (const line of loose) {
    if (out.taxId === undefined) {
      const m = TAX_ID.exec(line.toUpperCase());
      if (m) {
        out.taxId = m[1]!;
        continue;
      }
    }
    if (out.name === undefined && /(公司|集团|中心|事务所|厂|店|院|局|银行|协会|学校|医院|商行)/.test(line)) out.name = line;
  }
  return out;
}
