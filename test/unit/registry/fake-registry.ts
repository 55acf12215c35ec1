import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeManifest {
  readonly mediaType: string;
  readonly digest: string;
  /** Leave the digest header out of HEAD responses, as some registries do. */
  readonly hideDigestOnHead?: boolean;
  readonly body?: string;
}

export interface FakeRegistryOptions {
  /** Repository → tags, in the order pages list them. */
  readonly tags: Record<string, string[]>;
  /** `repository:tag` → manifest. */
  readonly manifests?: Record<string, FakeManifest>;
  /** Tags per page; every tag on one page when unset. */
  readonly pageSize?: number;
  /** Demand a bearer token from `/token`; with `user`, the token service demands Basic auth. */
  readonly bearer?: { readonly user?: string; readonly password?: string };
  /** Demand Basic auth directly on the API. */
  readonly basic?: { readonly user: string; readonly password: string };
  /** Listen on this loopback address; 127.0.0.1 unless set. */
  readonly host?: string;
}

export interface FakeRegistry {
  readonly port: number;
  /** `127.0.0.1:PORT`, as an image reference names the registry. */
  readonly address: string;
  readonly requests: { method: string; url: string; authorization?: string; accept?: string }[];
  close(): Promise<void>;
}

const TOKEN = 'fake-token';

/** Starts a registry on loopback that serves the given tags and manifests. */
export async function startFakeRegistry(options: FakeRegistryOptions): Promise<FakeRegistry> {
  const requests: FakeRegistry['requests'] = [];
  const server: Server = createServer((request, response) => {
    requests.push({
      method: request.method ?? '',
      url: request.url ?? '',
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
      ...(request.headers.accept ? { accept: request.headers.accept } : {}),
    });
    handle(options, request, response, port);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    address: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function basicHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

function handle(
  options: FakeRegistryOptions,
  request: IncomingMessage,
  response: ServerResponse,
  port: number,
): void {
  const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
  const authorization = request.headers.authorization;

  if (url.pathname === '/token') {
    const { user, password } = options.bearer ?? {};
    if (user !== undefined && authorization !== basicHeader(user, password ?? '')) {
      response.writeHead(401).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ token: TOKEN, expires_in: 300 }));
    return;
  }

  if (options.bearer && authorization !== `Bearer ${TOKEN}`) {
    const realm = `http://127.0.0.1:${port}/token`;
    response.writeHead(401, {
      'www-authenticate': `Bearer realm="${realm}",service="fake-registry",scope="x"`,
    });
    response.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
    return;
  }
  if (options.basic && authorization !== basicHeader(options.basic.user, options.basic.password)) {
    response.writeHead(401, { 'www-authenticate': 'Basic realm="fake"' });
    response.end();
    return;
  }

  const tagsPath = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname);
  if (tagsPath) {
    const all = options.tags[tagsPath[1]!];
    if (all === undefined) {
      response.writeHead(404).end('{"errors":[{"code":"NAME_UNKNOWN"}]}');
      return;
    }
    const last = url.searchParams.get('last');
    const start = last === null ? 0 : all.indexOf(last) + 1;
    const size = options.pageSize ?? all.length;
    const page = all.slice(start, start + size);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (start + size < all.length) {
      headers['link'] =
        `</v2/${tagsPath[1]}/tags/list?n=${size}&last=${page[page.length - 1]}>; rel="next"`;
    }
    response.writeHead(200, headers);
    response.end(JSON.stringify({ name: tagsPath[1], tags: page }));
    return;
  }

  const manifestPath = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
  if (manifestPath) {
    const manifest = options.manifests?.[`${manifestPath[1]}:${manifestPath[2]}`];
    const accepted = (request.headers.accept ?? '').split(',').map((type) => type.trim());
    if (manifest === undefined || !accepted.includes(manifest.mediaType)) {
      response.writeHead(404).end();
      return;
    }
    const body = manifest.body ?? '{}';
    const headers: Record<string, string> = {
      'content-type': manifest.mediaType,
      'content-length': String(Buffer.byteLength(body)),
    };
    if (!(request.method === 'HEAD' && manifest.hideDigestOnHead)) {
      headers['docker-content-digest'] = manifest.digest;
    }
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
    return;
  }

  response.writeHead(404).end();
}
