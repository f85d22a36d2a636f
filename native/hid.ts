/**
 * The slice of node-hid the UKey stack uses (node-hid 3.x HIDAsync), so the emulator can stand in for it.
 * node-hid itself is loaded only here, lazily, and only when a UKey source is actually used: its native
 * prebuild needs libusb at load time and nothing else in the app should depend on that.
 */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  serialNumber?: string | undefined;
  manufacturer?: string | undefined;
  product?: string | undefined;
  release: number;
  interface: number;
  usagePage?: number | undefined;
  usage?: number | undefined;
}

/** node-hid's HIDAsync: write output reports, receive input reports as 'data' events (or read()). */
export interface HidAsyncLike {
  write(values: number[] | Buffer): Promise<number>;
  read(timeOut?: number): Promise<Buffer | undefined>;
  close(): Promise<void>;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeListener(event: 'data', listener: (data: Buffer) => void): unknown;
  removeListener(event: 'error', listener: (err: Error) => void): unknown;
}

export interface HidModule {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  HIDAsync: { open(path: string, options?: { nonExclusive?: boolean }): Promise<HidAsyncLike> };
}

/** Where node-hid comes from: the real module in the app, the emulator in tests and `doctor --emulate`. */
export type HidLoader = () => Promise<HidModule>;

let cached: Promise<HidModule> | undefined;

/** The real node-hid, imported on first use. */
export const loadNodeHid: HidLoader = () => {
  cached ??= import('node-hid').then((m) => {
    const mod = ((m as { default?: unknown }).default ?? m) as HidModule;
    if (typeof mod.devicesAsync !== 'function' || typeof mod.HIDAsync?.open !== 'function') throw new Error('node-hid: async API missing');
    return mod;
  });
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
};
