import { useState } from 'react';
import type { ExecShell } from '../../../shared/contract';
import { EXEC_SHELLS, RAW_ACTIONS } from '../../../shared/contract';
import { COMMAND_LABELS } from '../components/commands';
import { routeHref } from '../router';
import { useTerminalState, useTerminals } from './context';
import { targetKey } from './store';
import { OptionSelect } from './OptionSelect';
import { RAW_ACTION_EFFECTS } from './palette-entries';

/**
 * Offers a stack's terminals and logs: a shell in one of its services, its compose commands
 * with their own progress bars, and its logs, for the whole stack or one service.
 */
export function StackTerminals({
  stack,
  hosts,
  services,
}: {
  stack: string;
  hosts: readonly string[];
  services: readonly string[];
}) {
  const store = useTerminals();
  const { opening } = useTerminalState();
  const [host, setHost] = useState(hosts[0] ?? '');
  const [service, setService] = useState(services[0] ?? '');
  const [shell, setShell] = useState<ExecShell>('sh');
  const onHost = hosts.length > 1 ? { host } : {};
  const chosenService = services.includes(service) ? service : services[0];

  return (
    <section className="panel stack-terminals" aria-label="Terminals and logs">
      <div className="stack-terminals-row">
        {hosts.length > 1 ? (
          <label>
            In a terminal on{' '}
            <select
              aria-label="Host"
              value={host}
              onChange={(event) => setHost(event.target.value)}
            >
              {hosts.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span>In a terminal:</span>
        )}
        {RAW_ACTIONS.map((action) => {
          const target = { kind: 'compose' as const, stack, action, ...onHost };
          return (
            <button
              key={action}
              type="button"
              className="button"
              title={`${COMMAND_LABELS[action]} ${stack}: ${RAW_ACTION_EFFECTS[action]}`}
              disabled={opening.includes(targetKey(target))}
              onClick={() => void store.open(target)}
            >
              {COMMAND_LABELS[action]}
            </button>
          );
        })}
      </div>
      {chosenService !== undefined && (
        <div className="stack-terminals-row">
          <label>
            Service{' '}
            <OptionSelect
              label="Service"
              value={chosenService}
              options={services}
              onChange={setService}
            />
          </label>
          <label>
            Shell{' '}
            <OptionSelect label="Shell" value={shell} options={EXEC_SHELLS} onChange={setShell} />
          </label>
          <button
            type="button"
            className="button"
            onClick={() =>
              void store.open({ kind: 'exec', stack, service: chosenService, shell, ...onHost })
            }
          >
            Exec shell
          </button>
        </div>
      )}
      <div className="stack-terminals-row">
        <span>Logs:</span>
        <a className="button" href={routeHref({ page: 'logs', stack })}>
          Every service
        </a>
        {chosenService !== undefined && (
          <a className="button" href={routeHref({ page: 'logs', stack, service: chosenService })}>
            {chosenService}
          </a>
        )}
      </div>
    </section>
  );
}

/** Opens a login shell on a host in the terminal dock. */
export function HostShellButton({ host }: { host: string }) {
  const store = useTerminals();
  const { opening } = useTerminalState();
  return (
    <button
      type="button"
      className="button"
      disabled={opening.includes(targetKey({ kind: 'shell', host }))}
      onClick={() => void store.open({ kind: 'shell', host })}
    >
      Open a shell
    </button>
  );
}
