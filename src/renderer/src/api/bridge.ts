import type { Bridge } from '../../../shared/contract';
import { createSocketBridge } from './socket-bridge';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the page comes from `cf serve`. */
    readonly composeFarm?: Bridge;
  }
}

/**
 * Returns the preload's bridge in the desktop window. In a browser, returns a WebSocket bridge
 * to `cf serve`, authorized by the token from the page address.
 */
export function pickBridge(): Bridge {
  if (window.composeFarm !== undefined) return window.composeFarm;

  const url = new URL(window.location.href);
  const token = url.searchParams.get('token') ?? '';
  if (token !== '') {
    // The server has set a cookie for reloads, so the token need not stay on screen.
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url);
  }
  const socketUrl = new URL('/ws', window.location.href);
  socketUrl.protocol = 'ws:';
  if (token !== '') socketUrl.searchParams.set('token', token);
  return createSocketBridge(socketUrl.href);
}
