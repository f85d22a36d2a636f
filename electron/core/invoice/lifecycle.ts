import type { AppError, InvoiceStatus } from '../../contract/index.ts';
import { appError } from '../../contract/index.ts';

/**
 * Whether an invoice may be cancelled (docs/invoice-rules.md §5.4): 数电 invoices cannot be voided once issued, so
 * only a queued invoice that was never sent may be cancelled; anything sent may already exist at the
 * platform, and issued ones are reversed with a red invoice.
 */
export function checkCancel(status: InvoiceStatus, everSubmitted: boolean): AppError[] {
  if (status === 'issued')
    return [appError('ISSUED_CANNOT_VOID', '已开具的发票不能作废，请开红字发票冲销', 'An issued invoice cannot be voided; reverse it with a red invoice', 'status')];
  if (status === 'cancelled') return [appError('ALREADY_CANCELLED', '该发票已取消', 'This invoice is already cancelled', 'status')];
  if (status !== 'queued' || everSubmitted)
    return [
      appError(
        'SUBMITTED_CANNOT_CANCEL',
        '该发票已提交给税务平台，不能取消；请等待结果',
        'This invoice has been sent to the tax platform and cannot be cancelled; wait for the outcome',
        'status',
      ),
    ];
  return [];
}
