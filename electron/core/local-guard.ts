import { timingSafeEqual } from 'node:crypto';

/**
 * What a server on 127.0.0.1 checks before it answers (the headless host, the sandbox's admin API): the
 * `Host` header names this machine on this port (a page on another site that rebinds its DNS to 127.0.0.1
 * still sends its own name), and secrets are compared in constant time.
 */
export function loopbackHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
