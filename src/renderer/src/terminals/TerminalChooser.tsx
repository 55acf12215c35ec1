import type { FormEvent } from 'react';
import { useState } from 'react';
import type { ExecShell, RawAction, TerminalTarget } from '../../../shared/contract';
import { EXEC_SHELLS, RAW_ACTIONS } from '../../../shared/contract';
import { useCall } from '../api/hooks';
import { useTerminals } from './context';
import { OptionSelect } from './OptionSelect';

type Kind = TerminalTarget['kind'];

const KIND_LABELS: Readonly<Record<Kind, string>> = {
  shell: 'Shell on a host',
  exec: 'Shell in a service (docker compose exec)',
  compose: 'Compose command with its progress bars',
};

/** Shows the form that opens any kind of terminal, inside the dock. */
export function TerminalChooser() {
  const store = useTerminals();
  const hosts = useCall('hosts.list', {});
  const stacks = useCall('stacks.list', {});
  const [kind, setKind] = useState<Kind>('shell');
  const [host, setHost] = useState('');
  const [stack, setStack] = useState('');
  const [service, setService] = useState('');
  const [shell, setShell] = useState<ExecShell>('sh');
  const [action, setAction] = useState<RawAction>('pull');

  const stackNames = stacks.data?.stacks.map((item) => item.name) ?? [];
  const chosenStack = stack === '' ? stackNames[0] : stack;
  const stackHosts =
    stacks.data?.stacks.find((item) => item.name === chosenStack)?.configuredHosts ?? [];
  const detail = useCall(
    'stacks.get',
    { name: chosenStack ?? '' },
    {
      enabled: kind === 'exec' && chosenStack !== undefined,
    },
  );
  const services = detail.data?.services.map((item) => item.name) ?? [];
  const hostNames =
    kind === 'shell' ? (hosts.data?.hosts.map((item) => item.name) ?? []) : stackHosts;
  const chosenHost = hostNames.includes(host) ? host : hostNames[0];
  const chosenService = services.includes(service) ? service : services[0];

  const target = ((): TerminalTarget | undefined => {
    if (kind === 'shell') return chosenHost === undefined ? undefined : { kind, host: chosenHost };
    if (chosenStack === undefined) return undefined;
    const onHost = stackHosts.length > 1 ? { host: chosenHost } : {};
    if (kind === 'exec') {
      if (chosenService === undefined) return undefined;
      return { kind, stack: chosenStack, service: chosenService, shell, ...onHost };
    }
    return { kind, stack: chosenStack, action, ...onHost };
  })();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (target !== undefined) void store.open(target);
  };

  return (
    <form className="terminal-chooser" onSubmit={submit} aria-label="Open a terminal">
      <label>
        <span>Run</span>
        <select
          aria-label="Run"
          value={kind}
          onChange={(event) => setKind(event.target.value as Kind)}
        >
          {(Object.keys(KIND_LABELS) as Kind[]).map((value) => (
            <option key={value} value={value}>
              {KIND_LABELS[value]}
            </option>
          ))}
        </select>
      </label>
      {kind !== 'shell' && (
        <label>
          <span>Stack</span>
          <OptionSelect
            label="Stack"
            value={chosenStack ?? ''}
            options={stackNames}
            onChange={setStack}
          />
        </label>
      )}
      {kind === 'exec' && (
        <>
          <label>
            <span>Service</span>
            <OptionSelect
              label="Service"
              value={chosenService ?? ''}
              options={services}
              onChange={setService}
            />
          </label>
          <label>
            <span>Shell</span>
            <OptionSelect label="Shell" value={shell} options={EXEC_SHELLS} onChange={setShell} />
          </label>
        </>
      )}
      {kind === 'compose' && (
        <label>
          <span>Command</span>
          <OptionSelect label="Command" value={action} options={RAW_ACTIONS} onChange={setAction} />
        </label>
      )}
      {(kind === 'shell' || stackHosts.length > 1) && (
        <label>
          <span>Host</span>
          <select
            aria-label="Host"
            value={chosenHost ?? ''}
            onChange={(event) => setHost(event.target.value)}
          >
            {hostNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="submit" className="button button-primary" disabled={target === undefined}>
        Open
      </button>
      <button
        type="button"
        className="button button-quiet"
        onClick={() => store.setChooserOpen(false)}
      >
        Cancel
      </button>
    </form>
  );
}
