import type { ShellSettings } from './settings.ts';

/**
 * electron-updater's feed: a generic HTTPS server the store or its provider runs (GitHub is out of
 * reach for many stores). Undefined when updates are off (the default) or no URL is set.
 */
export function updateFeed(s: ShellSettings): { provider: 'generic'; url: string; channel: 'latest' } | undefined {
  if (!s.autoUpdate.enabled || !s.autoUpdate.url) return undefined;
  return { provider: 'generic', url: s.autoUpdate.url, channel: 'latest' };
}
