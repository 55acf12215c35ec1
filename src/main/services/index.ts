import { ActionRegistry } from './action-registry';
import { actionHandlers } from './actions';
import { applyHandlers } from './apply';
import { configHandlers } from './config';
import { ConfigSession } from './config-session';
import type { Handlers } from './dispatcher';
import { Dispatcher } from './dispatcher';
import { EventHub } from './events';
import { HostAccess } from './host-access';
import { HostMonitor } from './host-monitor';
import { hostHandlers } from './hosts';
import type { Logger } from './log';
import { createLogger } from './log';
import { LogManager, logHandlers } from './logs';
import { stackHandlers } from './stacks';
import { StreamHub } from './stream-hub';
import { TerminalManager, terminalHandlers } from './terminals';
import { liveStackHandlers } from './stacks-live';
import { UpdateChecker, updateHandlers } from './updates';
import { glancesHandlers } from './glances';
import { digestHandlers } from './digests';

export { Dispatcher, describeIssues } from './dispatcher';
export type { CallContext, CallHandler, Handlers } from './dispatcher';
export { EventHub } from './events';
export type { EventListener } from './events';
export { ConfigSession } from './config-session';
export { StreamHub } from './stream-hub';
export { createLogger, silentLogger } from './log';
export type { Logger } from './log';

export interface AppServicesOptions {
  readonly explicitConfigPath?: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly home?: string;
  readonly log?: Logger;
}

/** The services both transports share: the dispatcher for calls and the hub for events. */
export interface AppServices {
  readonly dispatcher: Dispatcher;
  readonly events: EventHub;
  /** Terminal output and log lines, each for the one caller that opened it. */
  readonly streams: StreamHub;
  readonly session: ConfigSession;
  /** Closes every SSH connection and cancels running actions; the app is quitting. */
  dispose(): void;
}

export function createAppServices(options: AppServicesOptions): AppServices {
  const events = new EventHub();
  const log = options.log ?? createLogger('services', options.env);
  const session = new ConfigSession({
    explicitPath: options.explicitConfigPath,
    cwd: options.cwd,
    env: options.env,
    home: options.home,
    events,
    log,
  });
  const access = new HostAccess({ env: options.env, home: options.home, log });
  const monitor = new HostMonitor({ session, access, events, log });
  const registry = new ActionRegistry(events, log);
  // Another config may name other machines at the same names: connect again, check again.
  const unsubscribe = events.subscribe(({ event }) => {
    if (event !== 'config.changed') return;
    monitor.forget();
    if (registry.running === 0) void access.reset();
  });
  const streams = new StreamHub();
  const streamOptions = {
    session,
    executors: () => access.executors(),
    streams,
    env: options.env,
    log,
  };
  const terminals = new TerminalManager({
    ...streamOptions,
    operationContext: (farm, emit, signal) => access.operationContext(farm, emit, signal),
  });
  const logs = new LogManager(streamOptions);
  streams.onScopeEnded((scope) => {
    terminals.closeScope(scope);
    logs.closeScope(scope);
  });
  const handlers: Handlers = {
    ...configHandlers(session),
    ...hostHandlers(session, access, monitor),
    ...stackHandlers(session, options.env),
    ...liveStackHandlers(session, access),
    ...actionHandlers(session, access, registry),
    ...applyHandlers(session, access, registry),
    ...terminalHandlers(terminals),
    ...logHandlers(logs),
    ...updateHandlers(new UpdateChecker(session, access)),
    ...glancesHandlers(session, access),
    ...digestHandlers(session),
  };
  return {
    dispatcher: new Dispatcher(handlers, log),
    events,
    streams,
    session,
    dispose: () => {
      unsubscribe();
      terminals.dispose();
      logs.dispose();
      monitor.dispose();
      registry.dispose();
      session.dispose();
      void access.reset();
    },
  };
}
