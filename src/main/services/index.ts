import type { Executors } from '../core/executor';
import { createExecutors } from '../core/executor';
import { configHandlers } from './config';
import { ConfigSession } from './config-session';
import type { Handlers } from './dispatcher';
import { Dispatcher } from './dispatcher';
import { EventHub } from './events';
import { hostHandlers } from './hosts';
import type { Logger } from './log';
import { createLogger } from './log';
import { LogManager, logHandlers } from './logs';
import { stackHandlers } from './stacks';
import { StreamHub } from './stream-hub';
import { TerminalManager, terminalHandlers } from './terminals';

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
  // The app's one set of SSH connections, created on first use and shared by every service.
  let executors: Executors | undefined;
  const sharedExecutors = () =>
    (executors ??= createExecutors({
      ...(options.home === undefined ? {} : { home: options.home }),
      env: options.env,
      acceptNewHostKeys: false,
      logger: (component) => createLogger(component, options.env),
    }));
  const streams = new StreamHub();
  const streamOptions = { session, executors: sharedExecutors, streams, env: options.env, log };
  const terminals = new TerminalManager(streamOptions);
  const logs = new LogManager(streamOptions);
  streams.onScopeEnded((scope) => {
    terminals.closeScope(scope);
    logs.closeScope(scope);
  });

  const handlers: Handlers = {
    ...configHandlers(session),
    ...hostHandlers(session),
    ...stackHandlers(session, options.env),
    ...terminalHandlers(terminals),
    ...logHandlers(logs),
  };
  return {
    dispatcher: new Dispatcher(handlers, log),
    events,
    streams,
    session,
    dispose: () => {
      terminals.dispose();
      logs.dispose();
      session.dispose();
      void executors?.closeAll();
    },
  };
}
