import { isTree, type TraefikTree } from './labels';

/**
 * The web addresses a configuration routes to: each ``Host(`name`)`` in an HTTP router's rule,
 * `https` when the router listens on an entry point named `websecure` or has TLS settings.
 * Sorted, one per host name, https winning over http.
 */
export function routedUrls(config: TraefikTree): string[] {
  const http = config['http'];
  const routers = isTree(http) && isTree(http['routers']) ? http['routers'] : {};
  const schemes = new Map<string, string>();

  for (const settings of Object.values(routers)) {
    if (!isTree(settings) || typeof settings['rule'] !== 'string') continue;
    const entryPoints = Array.isArray(settings['entrypoints']) ? settings['entrypoints'] : [];
    const secure =
      entryPoints.some((name) => String(name).toLowerCase() === 'websecure') ||
      settings['tls'] !== undefined;
    for (const match of settings['rule'].matchAll(/Host\(([^)]*)\)/g)) {
      for (const quoted of match[1]!.matchAll(/[`"']([^`"']+)[`"']/g)) {
        const host = quoted[1]!.toLowerCase();
        if (secure || !schemes.has(host)) schemes.set(host, secure ? 'https' : 'http');
      }
    }
  }
  return [...schemes].map(([host, scheme]) => `${scheme}://${host}`).sort();
}
