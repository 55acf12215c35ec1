import type { HostSummary } from '../../shared/contract';
import { failed, ok } from '../../shared/contract';
import type { Config, HostConfig } from '../core/config/types';
import type { HostKeyPrompt } from '../core/executor';
import { createHostExecutor, isLocalAddress } from '../core/executor';
import { deploymentHosts } from '../core/state';
import type { ConfigSession } from './config-session';
import type { Handlers } from './dispatcher';
import { appErrorOf } from './exec-errors';
import type { HostAccess } from './host-access';
import { describeJump } from './host-access';
import type { HostMonitor } from './host-monitor';
import { CHECK_TIMEOUT_MS, checkHost } from './host-status';

type HostHandlers = Pick<
  Handlers,
  'hosts.list' | 'hosts.status' | 'hosts.connection' | 'hosts.trustHostKey'
>;

export function hostHandlers(
  session: ConfigSession,
  access: HostAccess,
  monitor: HostMonitor,
): HostHandlers {
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

    'hosts.status': async ({ refresh }, { signal }) => {
      const farm = await session.farm();
      if (!farm.ok) return farm;
      return ok({ hosts: await monitor.statuses({ refresh, signal }) });
    },

    'hosts.connection': async ({ name }) => {
      const farm = await session.farm();
      if (!farm.ok) return farm;
      const host = findHost(farm.value.config, name);
      if (!host.ok) return host;
      const resolved = access.resolve(host.value);
      if (!resolved.ok) {
        return failed(
          'file-access',
          `Cannot read ${resolved.file} for ${name}: ${resolved.cause}.`,
          `Fix ${resolved.file}, or set address, user and port for ${name} in compose-farm.yaml.`,
          { host: name },
        );
      }
      const { target } = resolved;
      return ok({
        name,
        local: isLocalAddress(host.value.address),
        sshConfigPath: access.sshConfigPath,
        alias: target.alias,
        hostname: target.hostname,
        port: target.port,
        user: target.user,
        identityFiles: [...target.identityFiles],
        identitiesOnly: target.identitiesOnly,
        useAgent: target.useAgent,
        knownHostsFiles: [...target.knownHostsFiles],
        jumps: target.jumps.map(describeJump),
        connectTimeoutMs: target.connectTimeoutMs ?? null,
      });
    },

    'hosts.trustHostKey': async ({ name, fingerprint }, { signal }) => {
      const farm = await session.farm();
      if (!farm.ok) return farm;
      const host = findHost(farm.value.config, name);
      if (!host.ok) return host;
      const resolved = access.resolve(host.value);
      const knownHostsFile = resolved.ok ? resolved.target.knownHostsFiles[0] : undefined;
      if (isLocalAddress(host.value.address) || knownHostsFile === undefined) {
        return failed(
          'invalid-request',
          `${name} is reached without SSH or has no known_hosts file, so it has no key to trust.`,
          'Check the host in compose-farm.yaml and ~/.ssh/config.',
          { host: name },
        );
      }

      // A separate connection whose host key prompt accepts only the fingerprint the user saw,
      // so the core appends the key to known_hosts only if the host still presents that key.
      let presented: HostKeyPrompt | undefined;
      const probe = createHostExecutor(host.value, {
        home: access.home,
        env: access.env,
        confirmHostKey: (prompt) => {
          presented = prompt;
          return Promise.resolve(prompt.fingerprint === fingerprint);
        },
      });
      let check;
      try {
        check = await probe.check({ timeoutMs: CHECK_TIMEOUT_MS, signal });
      } finally {
        await probe.close();
      }
      if (presented !== undefined && presented.fingerprint !== fingerprint) {
        return failed(
          'host-key-mismatch',
          `${name} now presents ${presented.keyType} ${presented.fingerprint}, not the ${fingerprint} you were shown. Nothing was added to known_hosts.`,
          `Check the host again and compare the new fingerprint with the one on ${name} before trusting it.`,
          { host: name },
        );
      }
      if (check.error !== undefined) return { ok: false, error: appErrorOf(check.error) };

      const status = await checkHost(access.executors(), host.value, signal);
      monitor.record(status);
      return ok({ knownHostsFile, status });
    },
  };
}

function findHost(config: Config, name: string) {
  const host = config.hosts.get(name);
  if (host === undefined) {
    return failed(
      'host-not-found',
      `Host ${name} is not in ${config.path}.`,
      'Check the name, or add the host under hosts: in the config.',
      { host: name },
    );
  }
  return ok<HostConfig>(host);
}
