import type * as z from 'zod';
import { actionsDomain } from './actions';
import { applyDomain } from './apply';
import { configDomain } from './config';
import type { CallSpec, EventSpec } from './define';
import { digestsDomain } from './digests';
import { glancesDomain } from './glances';
import { hostsDomain } from './hosts';
import { logsDomain } from './logs';
import { stacksDomain } from './stacks';
import { terminalsDomain } from './terminals';
import { updatesDomain } from './updates';

/**
 * Everything the renderer may ask of main and everything main may announce, by domain. Call and
 * event names (`stacks.get`, `config.changed`), IPC channels, the preload bridge, the WebSocket
 * protocol and the renderer's hooks are all derived from this object.
 */
export const contract = {
  config: configDomain,
  hosts: hostsDomain,
  stacks: stacksDomain,
  terminals: terminalsDomain,
  logs: logsDomain,
  actions: actionsDomain,
  apply: applyDomain,
  updates: updatesDomain,
  glances: glancesDomain,
  digests: digestsDomain,
} as const;

export type Contract = typeof contract;
export type DomainName = keyof Contract;

type CallsOf<D extends DomainName> = Contract[D]['calls'];
type EventsOf<D extends DomainName> = Contract[D]['events'];

export type CallName = {
  [D in DomainName]: `${D}.${keyof CallsOf<D> & string}`;
}[DomainName];

export type EventName = {
  [D in DomainName]: `${D}.${keyof EventsOf<D> & string}`;
}[DomainName];

export type CallSpecOf<N extends CallName> = N extends `${infer D}.${infer C}`
  ? D extends DomainName
    ? C extends keyof CallsOf<D>
      ? CallsOf<D>[C]
      : never
    : never
  : never;

export type EventSpecOf<N extends EventName> = N extends `${infer D}.${infer E}`
  ? D extends DomainName
    ? E extends keyof EventsOf<D>
      ? EventsOf<D>[E]
      : never
    : never
  : never;

/** The request a caller passes, in which defaults may be left out. */
export type CallRequest<N extends CallName> = z.input<CallSpecOf<N>['request']>;
/** The request a handler receives after validation, with defaults filled in. */
export type ParsedRequest<N extends CallName> = z.output<CallSpecOf<N>['request']>;
export type CallResponse<N extends CallName> = z.output<CallSpecOf<N>['response']>;
export type EventPayload<N extends EventName> = z.output<EventSpecOf<N>['payload']>;

function namesOf(kind: 'calls' | 'events'): string[] {
  return Object.entries(contract).flatMap(([domainName, spec]) =>
    Object.keys(spec[kind]).map((member) => `${domainName}.${member}`),
  );
}

export const CALL_NAMES = namesOf('calls') as readonly CallName[];
export const EVENT_NAMES = namesOf('events') as readonly EventName[];

function lookup(kind: 'calls' | 'events', name: string): CallSpec | EventSpec | undefined {
  const dot = name.indexOf('.');
  if (dot < 0) return undefined;
  const domainName = name.slice(0, dot);
  const member = name.slice(dot + 1);
  if (!Object.hasOwn(contract, domainName)) return undefined;
  const members: Readonly<Record<string, CallSpec | EventSpec>> =
    contract[domainName as DomainName][kind];
  return Object.hasOwn(members, member) ? members[member] : undefined;
}

/** Looks up a call named by untrusted input; undefined when the contract has no such call. */
export function findCall(name: string): CallSpec | undefined {
  return lookup('calls', name) as CallSpec | undefined;
}

export function findEvent(name: string): EventSpec | undefined {
  return lookup('events', name) as EventSpec | undefined;
}

export function isCallName(name: string): name is CallName {
  return findCall(name) !== undefined;
}

export function isEventName(name: string): name is EventName {
  return findEvent(name) !== undefined;
}

export * from './channels';
export * from './define';
export * from './fields';
export * from './result';
export * from './wire';
export * from './config';
export * from './hosts';
export * from './stacks';
export * from './streams';
export * from './terminals';
export * from './logs';
export * from './actions';
export * from './apply';
export * from './updates';
export * from './glances';
export * from './digests';
