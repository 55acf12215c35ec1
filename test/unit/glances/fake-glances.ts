import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface FakeGlances {
  readonly port: number;
  readonly paths: string[];
  close(): Promise<void>;
}

export interface FakeGlancesOptions {
  readonly version: 3 | 4;
  /** Replaces a plugin's recorded response. */
  readonly overrides?: Record<string, unknown>;
  /** Responds with this status to every API request. */
  readonly status?: number;
}

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

export function fixture(version: 3 | 4, plugin: string): unknown {
  return JSON.parse(readFileSync(`${fixtures}v${version}/${plugin}.json`, 'utf8'));
}

/** Serves the recorded responses of one Glances version on 127.0.0.1, as its web server would. */
export async function startFakeGlances(options: FakeGlancesOptions): Promise<FakeGlances> {
  const paths: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    paths.push(path);
    const match = /^\/api\/(\d)\/(\w+)$/.exec(path);
    if (options.status !== undefined) {
      response.writeHead(options.status).end();
      return;
    }
    if (!match || Number(match[1]) !== options.version) {
      response.writeHead(404).end();
      return;
    }
    const plugin = match[2]!;
    if (plugin === 'status') {
      // Glances 3 fails this way when the client accepts a compressed response.
      response.writeHead(options.version === 3 ? 500 : 200).end();
      return;
    }
    if (plugin === 'pluginslist') {
      const plugins = ['quicklook', 'load', 'mem', 'fs', 'network'];
      plugins.push(options.version === 4 ? 'containers' : 'docker');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(plugins));
      return;
    }
    let body: unknown;
    try {
      body = options.overrides?.[plugin] ?? fixture(options.version, plugin);
    } catch {
      response.writeHead(400).end(`Unknown plugin ${plugin}`);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    paths,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
