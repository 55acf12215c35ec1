import { configHandlers } from './config';
import { ConfigSession } from './config-session';
import type { Handlers } from './dispatcher';
import { Dispatcher } from './dispatcher';
import { EventHub } from './events';
import { hostHandlers } from './hosts';
import type { Logger } from './log';
import { createLogger } from './log';
import { stackHandlers } from './stacks';

export { Dispatcher, describeIssues } from './dispatcher';
export type { CallContext, CallHandler, Handlers } from './dispatcher';
export { EventHub } from './events';
export type { EventListener } from './events';
export { ConfigSession } from './config-session';
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
  const handlers: Handlers = {
    ...configHandlers(session),
    ...hostHandlers(session),
    ...stackHandlers(session, options.env),
  };
  return {
    dispatcher: new Dispatcher(handlers, log),
    events,
    session,
    dispose: () => session.dispose(),
  };
}
