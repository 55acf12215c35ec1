import { statSync } from 'node:fs';

import type { StackModel } from './types';

/**
 * Returns the host paths that must exist before the stack starts: `compose_dir` itself, then
 * every bind mount source in order, each once. Sources under `~` are left out because they depend
 * on the remote user. Sources that are sockets on this machine (such as `SSH_AUTH_SOCK`) are left
 * out too, because they belong to a login session rather than to the host's disks.
 */
export function requiredPaths(model: StackModel): string[] {
  const paths = [model.composeDir];
  for (const service of model.services) {
    for (const volume of service.volumes) {
      if (volume.type !== 'bind' || volume.homeRelative) continue;
      if (isLocalSocket(volume.source)) continue;
      paths.push(volume.source);
    }
  }
  return unique(paths);
}

/** Returns the host devices (`/dev/...`) that the services map in, each once, in order. */
export function requiredDevices(model: StackModel): string[] {
  const devices = model.services.flatMap((service) =>
    service.devices.map((device) => device.source),
  );
  return unique(devices.filter((source) => source.startsWith('/dev/')));
}

/** Returns the docker names of the stack's external networks: `name:` when set, else the key. */
export function externalNetworks(model: StackModel): string[] {
  return unique(
    model.networks.filter((network) => network.external).map((network) => network.name),
  );
}

function isLocalSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
