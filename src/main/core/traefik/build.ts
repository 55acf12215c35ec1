import type { PortMapping, ServiceModel, StackModel } from '../compose/types';
import {
  isTraefikEnabled,
  isTree,
  routingLabels,
  setPath,
  TRAEFIK_SECTIONS,
  type TraefikSection,
  type TraefikTree,
  type TraefikValue,
} from './labels';
import {
  choosePublishedPort,
  hostAndPort,
  isLoopbackBinding,
  publishedPorts,
  type PublishedPort,
} from './upstream';

/** A problem with one stack's Traefik labels; the message names what to add or change. */
export interface TraefikWarning {
  readonly stack: string;
  /** The compose service whose labels are concerned. */
  readonly service?: string;
  readonly router?: string;
  readonly traefikService?: string;
  readonly message: string;
}

export function formatTraefikWarning(warning: TraefikWarning): string {
  const where =
    warning.service === undefined ? warning.stack : `${warning.stack}/${warning.service}`;
  return `[${where}] ${warning.message}`;
}

export interface TraefikStackInput {
  readonly model: StackModel;
  /** The address Traefik reaches the stack's published ports at: its first host's. */
  readonly address: string;
  /**
   * False for a stack that Traefik's docker provider already discovers (or that runs on the local
   * machine): its labels are read and checked, but no upstream address is worked out for it.
   */
  readonly resolveUpstreams: boolean;
}

export interface TraefikBuildResult {
  /** Traefik's dynamic configuration: `http`, `tcp` and `udp` sections, each only when used. */
  readonly config: TraefikTree;
  readonly warnings: readonly TraefikWarning[];
}

/**
 * Turns the Traefik labels of the given stacks into one file-provider configuration. Routers
 * without a `service` label get the compose service's only Traefik service, and each HTTP
 * service's server becomes the host's address with the port published for its
 * `loadbalancer.server.port`; TCP and UDP services get `address` servers the same way.
 */
export function buildTraefikConfig(inputs: readonly TraefikStackInput[]): TraefikBuildResult {
  const config: TraefikTree = {};
  const owners = new Map<string, string>();
  const warnings: TraefikWarning[] = [];

  for (const input of inputs) {
    const servicesByName = new Map(input.model.services.map((service) => [service.name, service]));
    for (const service of input.model.services) {
      if (!isTraefikEnabled(service.labels)) continue;
      const labels = routingLabels(service.labels);
      if (labels.length === 0) continue;

      const local: TraefikTree = {};
      for (const label of labels) setPath(local, label.path, label.value);

      const context = { stack: input.model.stack, service: service.name, warnings };
      for (const section of TRAEFIK_SECTIONS) {
        const tree = local[section];
        if (!isTree(tree)) continue;
        assignServices(section, tree, context);
        if (input.resolveUpstreams) {
          const ports = portsReachingService(service, servicesByName);
          resolveServers(section, tree, ports, input.address, context);
        }
      }
      mergeInto(config, local, owners, context);
    }
  }
  return { config, warnings };
}

interface WarningContext {
  readonly stack: string;
  readonly service: string;
  readonly warnings: TraefikWarning[];
}

function warn(context: WarningContext, details: Omit<TraefikWarning, 'stack' | 'service'>): void {
  context.warnings.push({ stack: context.stack, service: context.service, ...details });
}

/** Routers that name no service get the compose service's only one, as Traefik does. */
function assignServices(section: TraefikSection, tree: TraefikTree, context: WarningContext) {
  const routers = tree['routers'];
  if (!isTree(routers)) return;
  const services = isTree(tree['services']) ? Object.keys(tree['services']) : [];

  for (const [router, settings] of Object.entries(routers)) {
    if (!isTree(settings) || settings['service'] !== undefined) continue;
    const [only] = services;
    if (services.length === 1 && only !== undefined) {
      settings['service'] = only;
    } else if (services.length === 0) {
      warn(context, {
        router,
        message:
          `Router '${router}' has no service and no traefik.${section}.services labels were ` +
          'found: ' +
          `add traefik.${section}.services.${router}.loadbalancer.server.port=<container port>, ` +
          `or traefik.${section}.routers.${router}.service=<service>.`,
      });
    } else {
      warn(context, {
        router,
        message:
          `Router '${router}' has no service and this container defines several ` +
          `(${services.join(', ')}): add traefik.${section}.routers.${router}.service ` +
          `naming one of them.`,
      });
    }
  }
}

/** Returns the ports of a service, or of the service whose network it shares (`service:NAME`). */
function portsReachingService(
  service: ServiceModel,
  servicesByName: ReadonlyMap<string, ServiceModel>,
): readonly PortMapping[] {
  const shared = /^service:(.+)$/.exec(service.networkMode ?? '');
  if (shared) return servicesByName.get(shared[1]!)?.ports ?? [];
  return service.ports;
}

function resolveServers(
  section: TraefikSection,
  tree: TraefikTree,
  ports: readonly PortMapping[],
  address: string,
  context: WarningContext,
): void {
  const services = tree['services'];
  if (!isTree(services)) return;
  const protocol = section === 'udp' ? 'udp' : 'tcp';
  const candidates = publishedPorts(ports, protocol);

  for (const [name, settings] of Object.entries(services)) {
    if (!isTree(settings)) continue;
    const balancer = settings['loadbalancer'];
    // Weighted, mirroring and failover services point at other services, not at servers.
    if (!isTree(balancer)) continue;
    const server = isTree(balancer['server']) ? balancer['server'] : {};
    delete balancer['server'];

    if (typeof server['url'] === 'string' && section === 'http') {
      balancer['servers'] = [{ url: server['url'] }];
      continue;
    }
    const port = resolvePort(section, name, server['port'], candidates, context);
    if (port === undefined) continue;
    if (isLoopbackBinding(port.hostIp)) {
      warn(context, {
        traefikService: name,
        message:
          `Traefik service '${name}' uses port ${port.published}, which is bound to ` +
          `${port.hostIp ?? ''} and cannot be reached from Traefik's host: publish it on all ` +
          `addresses or on the host's LAN address.`,
      });
    }
    if (section === 'http') {
      const scheme = typeof server['scheme'] === 'string' ? server['scheme'] : 'http';
      balancer['servers'] = [{ url: `${scheme}://${hostAndPort(address, port.published)}` }];
    } else {
      balancer['servers'] = [{ address: hostAndPort(address, port.published) }];
    }
  }
}

function resolvePort(
  section: TraefikSection,
  name: string,
  labelPort: TraefikValue | undefined,
  candidates: readonly PublishedPort[],
  context: WarningContext,
): PublishedPort | undefined {
  const portLabel = `traefik.${section}.services.${name}.loadbalancer.server.port`;
  const containerPort = typeof labelPort === 'number' ? labelPort : undefined;
  if (labelPort !== undefined && containerPort === undefined) {
    warn(context, {
      traefikService: name,
      message:
        `${portLabel} is ${JSON.stringify(labelPort)}, which is not a valid port number: ` +
        'set it to the container port, in digits.',
    });
  }

  const choice = choosePublishedPort(candidates, containerPort);
  const protocolHint = section === 'udp' ? '/udp' : '';
  switch (choice.kind) {
    case 'matched':
      return choice.port;
    case 'only-one':
      warn(context, {
        traefikService: name,
        message:
          `No published port matches container port ${choice.wanted} for Traefik service ` +
          `'${name}', using ${choice.port.published} (container port ${choice.port.target}): ` +
          `publish ${choice.wanted} or correct ${portLabel}.`,
      });
      return choice.port;
    case 'no-match':
      warn(context, {
        traefikService: name,
        message:
          `No published port matches container port ${choice.wanted} for Traefik service ` +
          `'${name}' (published: ${choice.published.join(', ')}): add a ports: mapping such as ` +
          `'${choice.wanted}:${choice.wanted}${protocolHint}' or correct ${portLabel}.`,
      });
      return undefined;
    case 'ambiguous':
      warn(context, {
        traefikService: name,
        message:
          `Multiple published ports found (${choice.published.join(', ')}) for Traefik service ` +
          `'${name}' but no loadbalancer.server.port label to disambiguate: add ` +
          `${portLabel}=<container port>.`,
      });
      return undefined;
    case 'none':
      warn(context, {
        traefikService: name,
        message:
          `No published port found for Traefik service '${name}': add a ports: mapping ` +
          `(e.g. '8080:8080${protocolHint}') for cross-host routing.`,
      });
      return undefined;
  }
}

/**
 * Copies one container's routers, services and middlewares into the file. A name already taken
 * by another container keeps its first definition, since Traefik would mix the two.
 */
function mergeInto(
  config: TraefikTree,
  local: TraefikTree,
  owners: Map<string, string>,
  context: WarningContext,
): void {
  const owner = `${context.stack}/${context.service}`;
  for (const [section, kinds] of Object.entries(local)) {
    if (!isTree(kinds)) continue;
    for (const [kind, objects] of Object.entries(kinds)) {
      if (!isTree(objects)) continue;
      for (const [name, definition] of Object.entries(objects)) {
        const key = `${section}.${kind}.${name}`;
        const previous = owners.get(key);
        if (previous !== undefined && previous !== owner) {
          warn(context, {
            ...(kind === 'routers' ? { router: name } : {}),
            ...(kind === 'services' ? { traefikService: name } : {}),
            message:
              `${key} is also defined by ${previous}; that definition is kept and this one ` +
              `is left out: give one of them another name.`,
          });
          continue;
        }
        owners.set(key, owner);
        const sectionTree = childTree(config, section);
        childTree(sectionTree, kind)[name] = definition;
      }
    }
  }
}

function childTree(node: TraefikTree, key: string): TraefikTree {
  const existing = node[key];
  if (isTree(existing)) return existing;
  const created: TraefikTree = {};
  node[key] = created;
  return created;
}
