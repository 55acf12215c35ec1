import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Returns the name of the cookie that carries the token for requests the page makes by itself.
 * Cookies ignore the port, so the name includes it and two `cf serve` instances on one machine
 * keep their own tokens. NOTE: browsers still send the cookie to every server on 127.0.0.1.
 */
export function tokenCookieName(port: number): string {
  return `cf_token_${port}`;
}

export type Verdict =
  | { readonly allowed: true; readonly tokenInQuery: boolean }
  | { readonly allowed: false; readonly status: number; readonly reason: string };

/**
 * Decides whether a request may reach the app. The Host header must name this server, which
 * stops a site that rebinds its DNS name to 127.0.0.1. The Origin, when sent, must be this
 * server too. The token must be in the query or in the cookie set by an earlier request.
 */
export function checkRequest(
  request: IncomingMessage,
  port: number,
  token: string,
  options: { requireOrigin: boolean },
): Verdict {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(request.headers.host ?? '')) {
    return { allowed: false, status: 421, reason: 'This server answers only to 127.0.0.1.' };
  }

  const origin = request.headers.origin;
  if (origin !== undefined || options.requireOrigin) {
    const allowedOrigins = allowedHosts.map((host) => `http://${host}`);
    if (origin === undefined || !allowedOrigins.includes(origin)) {
      return { allowed: false, status: 403, reason: 'Requests from other sites are refused.' };
    }
  }

  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && sameToken(fromQuery, token))
    return { allowed: true, tokenInQuery: true };
  const fromCookie = readCookie(request.headers.cookie, tokenCookieName(port));
  if (fromCookie !== undefined && sameToken(fromCookie, token)) {
    return { allowed: true, tokenInQuery: false };
  }
  return {
    allowed: false,
    status: 401,
    reason: 'The token is missing or wrong. Open the full URL that `cf serve` printed.',
  };
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
