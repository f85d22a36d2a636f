import { FapiaoError, appError, type AppError } from '../../contract/errors.ts';

/**
 * Stable codes of every signing failure, with zh-CN text for the cashier and English for logs. No message
 * ever carries a PIN, a password or key material: callers pass only counts and public facts.
 */
export const SIGNER_ERRORS = {
  PIN_REQUIRED: ['请输入税务UKey的PIN码后再签名', 'The UKey PIN is needed before signing'],
  PIN_WRONG: ['PIN码错误', 'Wrong PIN'],
  PIN_FORMAT: ['PIN码格式不对，未发送到UKey（未消耗重试次数）', 'PIN format not accepted; nothing was sent to the key'],
  PIN_LOCKED: [
    '税务UKey已锁定（PIN码错误次数过多），无法签名。请携带UKey联系发行它的CA机构或税务服务单位解锁；解锁前待上传的发票会保留在队列中，不会丢失',
    'The UKey is locked (too many wrong PINs). Take it to its issuing CA / tax service provider to unlock it; queued invoices are kept',
  ],
  KEY_ABSENT: ['未检测到税务UKey：请插入UKey，插好后待上传的发票会自动重新上传', 'No UKey present: insert it; queued invoices are sent again when it is back'],
  KEY_REMOVED: ['签名过程中税务UKey被拔出：本批发票未上传，插回UKey后会自动重试', 'The UKey was removed while signing: this batch was not sent and will be retried'],
  DEVICE_TIMEOUT: ['税务UKey无响应：请重新插拔UKey后重试', 'The UKey did not answer in time: re-insert it and retry'],
  DEVICE_PROTOCOL: ['与税务UKey通信出错（数据帧损坏）：请重新插拔UKey后重试', 'Garbled answer from the UKey (bad frame): re-insert it and retry'],
  DEVICE_ERROR: ['税务UKey返回错误', 'The UKey reported an error'],
  DEVICE_BUSY: ['税务UKey正被其他程序占用：请关闭其他开票或网银软件后重试', 'The UKey is in use by another program: close it and retry'],
  HID_UNAVAILABLE: ['无法加载USB HID驱动模块，不能使用税务UKey', 'The USB HID module could not be loaded; the UKey cannot be used'],
  CERT_INVALID: ['证书无法解析或不是SM2证书', 'The certificate cannot be parsed or is not an SM2 certificate'],
  CERT_TAXID_MISSING: ['证书中找不到纳税人识别号', 'No taxpayer ID found in the certificate'],
  CERT_TAXID_MISMATCH: ['证书的纳税人识别号与本店销售方税号不一致，已拒绝签名：请使用本店的UKey/证书，或检查销售方税号设置', 'Certificate taxpayer ID differs from the store seller tax ID; signing refused'],
  CERT_EXPIRED: ['证书已过期，已拒绝签名：请到CA机构办理证书更新', 'The certificate has expired; signing refused. Renew it with the CA'],
  CERT_NOT_YET_VALID: ['证书尚未生效，已拒绝签名：请检查电脑日期时间', 'The certificate is not valid yet; signing refused. Check the system clock'],
  CERT_EXPIRING: ['证书即将过期，请尽快到CA机构办理更新', 'The certificate expires soon; renew it with the CA'],
  CERT_KEY_MISMATCH: ['私钥与证书不匹配', 'The private key does not match the certificate'],
  KEY_FILE_INVALID: ['私钥文件无法读取或格式不支持', 'The private key file cannot be read or its format is not supported'],
  KEY_PASSWORD_WRONG: ['私钥文件密码错误', 'Wrong password for the private key file'],
  KEY_PASSWORD_REQUIRED: ['私钥文件已加密，请输入密码', 'The private key file is encrypted: a password is needed'],
} as const satisfies Record<string, readonly [string, string]>;

export type SignerErrorCode = `SIGNER_${keyof typeof SIGNER_ERRORS}`;

/** A signing failure; `retriesLeft` is set for PIN answers so the UI can show it. */
export class SignerError extends FapiaoError {
  readonly retriesLeft: number | undefined;
  /** Either one kind (with optional public details) or several already-built errors (certificate refusals). */
  constructor(kind: keyof typeof SIGNER_ERRORS | AppError[], opts: { detailZh?: string; detailEn?: string; retriesLeft?: number } = {}) {
    const left = opts.retriesLeft;
    if (Array.isArray(kind)) super(kind);
    else {
      const [zh, en] = SIGNER_ERRORS[kind];
      const zhText = [zh, opts.detailZh, left === undefined ? undefined : `剩余重试次数：${left}`].filter(Boolean).join('；');
      const enText = [en, opts.detailEn, left === undefined ? undefined : `${left} tries left`].filter(Boolean).join('; ');
      super([appError(`SIGNER_${kind}`, zhText, enText)]);
    }
    this.name = 'SignerError';
    this.retriesLeft = left;
  }
}

export function isSignerError(err: unknown, kind?: keyof typeof SIGNER_ERRORS): err is SignerError {
  return err instanceof SignerError && (kind === undefined || err.code === `SIGNER_${kind}`);
}
