/**
 * A TCP proxy on loopback that delays every chunk by a fixed time in each direction, to put
 * latency in front of a lab host (netem is not available on the lab's machines).
 */
import { createServer, connect, isIP } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

export interface DelayProxyOptions {
  /** Where connections go: a lab host's address and port. Loopback only. */
  target: { host: string; port: number };
  /** Milliseconds added to each direction; 50 to 300 models a slow link. */
  delayMs: number;
  /** Loopback address to listen on; 127.0.0.1 unless given. */
  listenHost?: string;
  /** 0 (the default) picks a free port. */
  listenPort?: number;
}

export interface DelayProxy {
  host: string;
  port: number;
  close(): Promise<void>;
}

function isLoopback(address: string): boolean {
  return (isIP(address) === 4 && address.startsWith('127.')) || address === '::1';
}

/** Copies `from` to `to`, delivering each chunk `delayMs` after it arrived, in order. */
function pipeDelayed(from: Socket, to: Socket, delayMs: number): void {
  from.on('data', (chunk) => {
    // Equal delays fire in arrival order, so the byte stream keeps its order.
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, delayMs);
  });
  from.on('end', () => setTimeout(() => to.end(), delayMs));
  from.on('error', () => to.destroy());
  from.on('close', () => setTimeout(() => to.destroy(), delayMs));
}

export function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  const listenHost = options.listenHost ?? '127.0.0.1';
  for (const address of [listenHost, options.target.host]) {
    if (!isLoopback(address)) {
      throw new Error(
        `The delay proxy works on loopback only; ${address} is not a loopback address.`,
      );
    }
  }
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(options.target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    pipeDelayed(client, upstream, options.delayMs);
    pipeDelayed(upstream, client, options.delayMs);
  });

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.listenPort ?? 0, listenHost, () => {
      const { port } = server.address() as AddressInfo;
      resolvePromise({
        host: listenHost,
        port,
        close: () =>
          new Promise<void>((resolveClose) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => resolveClose());
          }),
      });
    });
  });
}
