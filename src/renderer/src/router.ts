import { useSyncExternalStore } from 'react';

export type Route =
  | { readonly page: 'dashboard' }
  | { readonly page: 'stacks' }
  | { readonly page: 'stack'; readonly name: string }
  | { readonly page: 'hosts' }
  | { readonly page: 'host'; readonly name: string }
  | { readonly page: 'apply' }
  | { readonly page: 'logs'; readonly stack: string; readonly service?: string };

/**
 * Routes live in the address's hash (`#/stacks/web`): the page is one file, served from disk in
 * the desktop app and by `cf serve` in a browser, and neither needs to know the routes.
 */
export function parseRoute(hash: string): Route {
  const [section = '', name, ...rest] = hash.replace(/^#\/?/, '').split('/');
  const decoded = name === undefined || name === '' ? undefined : safeDecode(name);
  if (section === 'logs' && decoded !== undefined && rest.length <= 1) {
    const service = rest[0] === undefined || rest[0] === '' ? undefined : safeDecode(rest[0]);
    return service === undefined
      ? { page: 'logs', stack: decoded }
      : { page: 'logs', stack: decoded, service };
  }
  if (rest.length > 0) return { page: 'dashboard' };
  if (section === 'stacks')
    return decoded === undefined ? { page: 'stacks' } : { page: 'stack', name: decoded };
  if (section === 'apply') return { page: 'apply' };
  if (section === 'hosts')
    return decoded === undefined ? { page: 'hosts' } : { page: 'host', name: decoded };
  return { page: 'dashboard' };
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case 'dashboard':
      return '#/';
    case 'stacks':
      return '#/stacks';
    case 'stack':
      return `#/stacks/${encodeURIComponent(route.name)}`;
    case 'hosts':
      return '#/hosts';
    case 'host':
      return `#/hosts/${encodeURIComponent(route.name)}`;
    case 'apply':
      return '#/apply';
    case 'logs':
      return route.service === undefined
        ? `#/logs/${encodeURIComponent(route.stack)}`
        : `#/logs/${encodeURIComponent(route.stack)}/${encodeURIComponent(route.service)}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
