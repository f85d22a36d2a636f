import { FapiaoError, appError, type SignerStatus, type signerCalls } from '../../contract/index.ts';
import { SignerError } from '../signer/errors.ts';
import type { CoreContext, HandlersFor } from './context.ts';
import { UKEY_PINS } from './pin-guard.ts';
import { pinRefusal } from './staff-session.ts';

/** The app's own counter for the UKey's PIN (pin_failures), besides the key's. */
export const UKEY_TARGET = 'ukey';
/** With this few tries left on the key only the manager may try: a locked tax UKey goes back to the tax bureau. */
export const UKEY_MIN_TRIES_FOR_CASHIER = 2;

export function signerHandlers({ signer, pins }: CoreContext): HandlersFor<keyof typeof signerCalls> {
  // One UKey PIN try at a time, from every window: tries sent at once (a double click, a script) would all pass
  // the checks below before the first wrong one is counted, and use up the key's own tries.
  let tries: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(attempt: () => Promise<T>): Promise<T> => {
    const run = tries.then(attempt);
    tries = run.catch(() => undefined);
    return run;
  };
  return {
    signerStatus: async () => signer.status(),
    unlockSigner: ({ pin, approval }, { actor, isManager }) => oneAtATime(async () => {
      const stop = pins.blocked(UKEY_TARGET);
      if (stop?.locked)
        throw new FapiaoError([
          appError('SIGNER_PIN_APP_LOCKED', 'UKey PIN 错误次数过多，本机已停止尝试：请店长或门店 IT 解锁后再试', 'Too many wrong UKey PINs: the till stopped trying until the manager or IT unlocks it', 'pin'),
        ]);
      if (stop?.retryAfterMs !== undefined) {
        const s = Math.ceil(stop.retryAfterMs / 1000);
        throw new FapiaoError([appError('SIGNER_PIN_PAUSED', `UKey PIN 错误，请 ${s} 秒后再试`, `Wrong UKey PIN: try again in ${s} s`, 'pin')]);
      }
      const before = await signer.status();
      if (lowOnTries(before) && !isManager) {
        // The manager's PIN at the till (店长授权), counted like every PIN check.
        const verdict = approval === undefined ? undefined : pins.verify(approval.pin, 'manager', approval.id, actor);
        if (verdict === undefined)
          throw new FapiaoError([
            appError(
              'SIGNER_FEW_TRIES',
              `UKey 只剩 ${before.pinRetriesLeft} 次 PIN 机会，锁死须到税务局解锁：请店长先在“店长”页输入店长 PIN（或授权），再输入 UKey PIN`,
              `The UKey has ${before.pinRetriesLeft} PIN tries left and a locked key needs the tax bureau: the manager must approve`,
              'approval',
            ),
          ]);
        if (!verdict.ok) throw new FapiaoError([pinRefusal(verdict, 'approval.pin')]);
      }
      try {
        const status = await signer.unlock(pin);
        pins.succeed(UKEY_TARGET);
        return status;
      } catch (err) {
        if (err instanceof SignerError && err.code === 'SIGNER_PIN_WRONG') pins.fail(UKEY_TARGET, actor, { retriesLeft: err.retriesLeft ?? null }, UKEY_PINS);
        throw err;
      }
    }),
  };
}

function lowOnTries(s: SignerStatus): boolean {
  return s.source === 'ukey' && s.pinRetriesLeft !== undefined && s.pinRetriesLeft <= UKEY_MIN_TRIES_FOR_CASHIER;
}
