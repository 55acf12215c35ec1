/**
 * The result of one query of a host: the compose project names of its running containers,
 * or the reason the host could not be asked. A host that could not be asked reveals nothing about
 * its stacks: callers must treat them as unknown, never as stopped.
 */
export type HostDiscovery =
  | { readonly reachable: true; readonly projects: ReadonlySet<string> }
  | { readonly reachable: false; readonly error: string };

/** Discovery results by host name; a configured host missing from the map was not asked. */
export type Discovery = ReadonlyMap<string, HostDiscovery>;

export function reachableDiscovery(projects: Iterable<string>): HostDiscovery {
  return { reachable: true, projects: new Set(projects) };
}

export function unreachableDiscovery(error: string): HostDiscovery {
  return { reachable: false, error };
}
