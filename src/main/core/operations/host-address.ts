import { homedir, userInfo } from 'node:os';
import type { Config } from '../config/types';
import { resolveSshTarget } from '../ssh/ssh-config';

/**
 * Resolves a configured host to the address its `~/.ssh/config` entry gives (the `HostName` of
 * an alias), so that other machines, such as Traefik, can reach it. Falls back to the configured
 * address when the SSH config cannot be read.
 */
export function sshHostAddress(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): (host: string) => string {
  return (name) => {
    const host = config.hosts.get(name);
    if (host === undefined) return name;
    const resolved = resolveSshTarget(host, {
      home: env.HOME ?? homedir(),
      localUser: env.USER ?? userInfo().username,
    });
    return resolved.ok ? resolved.target.hostname : host.address;
  };
}
