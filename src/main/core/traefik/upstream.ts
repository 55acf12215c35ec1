import type { PortMapping } from '../compose/types';

/** A host port that reaches a container port, as the generator may point Traefik at it. */
export interface PublishedPort {
  readonly published: number;
  readonly target: number;
  readonly hostIp?: string;
}

export type PortChoice =
  | { readonly kind: 'matched'; readonly port: PublishedPort }
  /** No mapping for the container port, but the only published port was taken instead. */
  | { readonly kind: 'only-one'; readonly port: PublishedPort; readonly wanted: number }
  | { readonly kind: 'no-match'; readonly wanted: number; readonly published: readonly number[] }
  | { readonly kind: 'ambiguous'; readonly published: readonly number[] }
  | { readonly kind: 'none' };

/** Published single ports of one protocol; ranges leave the choice to docker and are skipped. */
export function publishedPorts(ports: readonly PortMapping[], protocol: string): PublishedPort[] {
  const found: PublishedPort[] = [];
  for (const mapping of ports) {
    if (mapping.protocol !== protocol || typeof mapping.published !== 'number') continue;
    found.push({
      published: mapping.published,
      target: mapping.target,
      ...(mapping.hostIp === undefined ? {} : { hostIp: mapping.hostIp }),
    });
  }
  return found;
}

/**
 * Picks the host port for a Traefik service: the one published for `containerPort` when the
 * labels name it, else the only published port there is.
 */
export function choosePublishedPort(
  ports: readonly PublishedPort[],
  containerPort: number | undefined,
): PortChoice {
  const distinct = [...new Set(ports.map((port) => port.published))];
  if (ports.length === 0) return { kind: 'none' };
  if (containerPort !== undefined) {
    const matched = ports.find((port) => port.target === containerPort);
    if (matched) return { kind: 'matched', port: matched };
    if (ports.length === 1) return { kind: 'only-one', port: ports[0]!, wanted: containerPort };
    return { kind: 'no-match', wanted: containerPort, published: distinct };
  }
  if (ports.length === 1) return { kind: 'matched', port: ports[0]! };
  return { kind: 'ambiguous', published: distinct };
}

/** Tells whether a host IP binding keeps a port away from other machines. */
export function isLoopbackBinding(hostIp: string | undefined): boolean {
  if (hostIp === undefined) return false;
  return hostIp === '::1' || /^127\./.test(hostIp);
}

/** `host:port`, with brackets around an IPv6 address. */
export function hostAndPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
