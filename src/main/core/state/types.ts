/**
 * Where a stack was last deployed, in the shape the state file stores it: one host name for a
 * single-host stack, a sorted list for a stack that runs on several hosts.
 */
export type Deployment = string | readonly string[];

/** The `deployed:` mapping of `compose-farm-state.yaml`, stack name to deployment. */
export type DeployedState = ReadonlyMap<string, Deployment>;

export function deploymentHosts(deployment: Deployment): readonly string[] {
  return typeof deployment === 'string' ? [deployment] : deployment;
}
