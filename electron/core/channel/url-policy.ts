import { appError, type AppError } from '../../contract/index.ts';

/** 127.0.0.0/8, ::1 and localhost: a gateway on this machine is reached without the network. */
function loopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export const CHANNEL_URL_INSECURE_ZH = '生产通道地址必须以 https:// 开头（仅本机地址 127.0.0.1 / localhost 可用 http://）';
export const CHANNEL_URL_INSECURE_EN = 'A production channel URL must be https:// (only a loopback address, 127.0.0.1 / localhost, may use http://)';

/**
 * Why a production channel URL cannot be used, or undefined: it must parse and be `https:`; plain
 * `http:` only to loopback. Invoices, the buyer's data and the channel's answers cross the network
 * only under TLS (the SM4 seal hides the body, not who talks to whom, and a reply signature is no
 * excuse to send in the clear).
 */
export function channelUrlProblem(url: string, path = 'channel.baseUrl'): AppError | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return appError('CHANNEL_URL_INVALID', `通道地址无效：${url.slice(0, 80)}`, `Not a valid channel URL: ${url.slice(0, 80)}`, path);
  }
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback(parsed.hostname))) return undefined;
  return appError('CHANNEL_URL_INSECURE', CHANNEL_URL_INSECURE_ZH, CHANNEL_URL_INSECURE_EN, path);
}
