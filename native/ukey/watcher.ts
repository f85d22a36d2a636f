import { EventEmitter } from 'node:events';
import type { HidDeviceInfo, HidModule } from '../hid.ts';
import { profileFor, type UKeyProfile } from './profiles.ts';

/** A plugged-in key that one of the profiles recognises. */
export interface KeyPresence {
  path: string;
  serialNumber: string | undefined;
  profile: UKeyProfile;
  device: HidDeviceInfo;
}

export interface DeviceWatcherEvents {
  present: [KeyPresence];
  absent: [KeyPresence];
  error: [Error];
}

/**
 * Polls node-hid's device list (hidapi has no portable hot-plug events) and reports keys that come and go.
 * Every ~1.5 s by default, so a pulled key is noticed within a few seconds even when nothing is signing;
 * a key pulled mid-command is caught sooner by the transport (node-hid 'error', failed write).
 */
export class DeviceWatcher extends EventEmitter<DeviceWatcherEvents> {
  private readonly hid: () => Promise<HidModule>;
  private readonly profiles: UKeyProfile[];
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private known = new Map<string, KeyPresence>();
  private polling: Promise<void> | undefined;

  constructor(hid: () => Promise<HidModule>, profiles: UKeyProfile[], intervalMs = 1500) {
    super();
    this.hid = hid;
    this.profiles = profiles;
    this.intervalMs = intervalMs;
  }

  get present(): KeyPresence[] {
    return [...this.known.values()];
  }

  start(): this {
    if (!this.timer) {
      void this.poll();
      this.timer = setInterval(() => void this.poll(), this.intervalMs);
      this.timer.unref();
    }
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One scan now; resolves after present/absent events for the changes have been emitted. */
  poll(): Promise<void> {
    this.polling ??= this.scan().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private async scan(): Promise<void> {
    let list: HidDeviceInfo[];
    try {
      list = await (await this.hid()).devicesAsync();
    } catch (err) {
      if (this.listenerCount('error') > 0) this.emit('error', err instanceof Error ? err : new Error(String(err)));
      return;
    }
    const now = new Map<string, KeyPresence>();
    for (const device of list) {
      const profile = device.path === undefined ? undefined : profileFor(device, this.profiles);
      if (profile && device.path !== undefined) now.set(device.path, { path: device.path, serialNumber: device.serialNumber, profile, device });
    }
    const before = this.known;
    this.known = now;
    for (const [path, k] of before) if (!now.has(path)) this.emit('absent', k);
    for (const [path, k] of now) if (!before.has(path)) this.emit('present', k);
  }
}
