import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { AppServices, Logger } from '../services';
import { silentLogger } from '../services';
import { checkRequest, tokenCookieName } from './guard';
import { MAX_MESSAGE_BYTES, serveConnection } from './socket';
import { isRendererBuilt, readStaticFile } from './static';

export { defaultRendererDir, isRendererBuilt } from './static';

/** The only address `cf serve` listens on: the app reaches files and SSH keys of this user. */
export const LOOPBACK = '127.0.0.1';
export const SOCKET_PATH = '/ws';

export interface ServerOptions {
  readonly services: AppServices;
  /** The built renderer, usually `out/renderer`. */
  readonly rendererDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Fixed only by tests; a random one is made otherwise. */
  readonly token?: string;
  readonly log?: Logger;
}

export interface RunningServer {
  readonly port: number;
  readonly token: string;
  /** The address to open, token included. */
  readonly url: string;
  close(): Promise<void>;
}

function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ws://${LOOPBACK}:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Serves the renderer and the contract on 127.0.0.1 until `close` is called. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const log = options.log ?? silentLogger;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let port = 0;
  let connections = 0;

  const server = createServer((request, response) => {
    void serveHttp(request, response).catch((error: unknown) => {
      log.error(`Serving ${request.url ?? '/'} failed`, error);
      if (!response.headersSent) sendText(response, 500, 'The server failed; see its log.');
    });
  });

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const verdict = checkRequest(request, port, token, { requireOrigin: false });
    if (!verdict.allowed) return sendText(response, verdict.status, verdict.reason);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return sendText(response, 405, 'Only GET and HEAD are served here.');
    }
    if (verdict.tokenInQuery) {
      // Later requests of the page (scripts, styles, the socket) carry the token in this cookie.
      response.setHeader(
        'Set-Cookie',
        `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      );
    }

    if (!isRendererBuilt(options.rendererDir)) {
      return sendText(
        response,
        503,
        `The app's page is not built: ${options.rendererDir} has no index.html.\n` +
          'Run `npm run build` (electron-vite build) in the project folder, then reload.',
      );
    }
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = await readStaticFile(options.rendererDir, path);
    if (file === undefined) return sendText(response, 404, `Not found: ${path}`);

    response.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Length': file.body.length,
      'Content-Security-Policy': contentSecurityPolicy(port),
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // The page URL contains the token, so no Referer may carry it to another site.
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const verdict =
      path === SOCKET_PATH
        ? checkRequest(request, port, token, { requireOrigin: true })
        : ({ allowed: false, status: 404, reason: 'Not found' } as const);
    if (!verdict.allowed) {
      log.warn(`Refused a WebSocket connection: ${verdict.reason}`);
      socket.end(
        `HTTP/1.1 ${verdict.status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      connections += 1;
      serveConnection(webSocket, `socket:${connections}`, options.services, log);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  response.end(`${text}\n`);
}
