import { isAppUrl } from './origin.ts';

/** The parts of an IpcMainInvokeEvent the check reads (kept structural so it is testable without Electron). */
export interface SenderLike {
  sender: { id: number };
  senderFrame: { url: string; parent?: unknown } | null;
}

/**
 * A call is answered only if it comes from our window's webContents, from its top frame, and that
 * frame shows our app origin: a navigated-away page, a subframe or another window gets nothing.
 */
export function createSenderCheck(trustedContentsId: () => number | undefined): (event: SenderLike) => boolean {
  return (event) => {
    const id = trustedContentsId();
    if (id === undefined || event.sender.id !== id) return false;
    const frame = event.senderFrame;
    if (!frame) return false;
    if (frame.parent !== null && frame.parent !== undefined) return false;
    return isAppUrl(frame.url);
  };
}
