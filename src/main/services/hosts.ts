import type { HostSummary } from '../../shared/contract';
import { ok } from '../../shared/contract';
import { deploymentHosts } from '../core/state';
import type { ConfigSession } from './config-session';
import type { Handlers } from './dispatcher';

type HostHandlers = Pick<Handlers, 'hosts.list'>;

export function hostHandlers(session: ConfigSession): HostHandlers {
  return {
    'hosts.list': async () => {
      const farm = await session.farm();
      if (!farm.ok) return farm;
      const { config, state } = farm.value;

      const hosts: HostSummary[] = [...config.hosts.values()].map((host) => ({
        name: host.name,
        address: host.address,
        user: host.user ?? null,
        port: host.port ?? null,
        configuredStacks: [...config.stacks.values()]
          .filter((stack) => stack.hosts.includes(host.name))
          .map((stack) => stack.name),
        deployedStacks: [...state]
          .filter(([, deployment]) => deploymentHosts(deployment).includes(host.name))
          .map(([stack]) => stack),
      }));
      return ok({ hosts });
    },
  };
}
