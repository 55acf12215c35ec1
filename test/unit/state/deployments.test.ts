import { describe, expect, it } from 'vitest';
import type { Config, StackConfig } from '../../../src/main/core/config/types';
import {
  addStackHost,
  getStackHost,
  orphanedStacks,
  removeStack,
  setMultiHostStack,
  setStackHost,
  stacksNeedingMigration,
  stacksNotInState,
} from '../../../src/main/core/state/deployments';
import type { DeployedState, Deployment } from '../../../src/main/core/state/types';

function state(entries: Record<string, Deployment>): DeployedState {
  return new Map(Object.entries(entries));
}

function stacks(entries: Record<string, readonly string[]>): Pick<Config, 'stacks'> {
  const map = new Map<string, StackConfig>();
  for (const [name, hosts] of Object.entries(entries)) {
    map.set(name, { name, hosts, form: hosts.length > 1 ? 'list' : 'single' });
  }
  return { stacks: map };
}

describe('changing a deployment', () => {
  const before = state({ web: 'h1', app: ['h2', 'h3'] });
  const snapshot = JSON.stringify([...before]);

  it('getStackHost gives the single host or the first of a list', () => {
    expect(getStackHost(before, 'web')).toBe('h1');
    expect(getStackHost(before, 'app')).toBe('h2');
    expect(getStackHost(before, 'db')).toBeUndefined();
  });

  it('setStackHost replaces a list with one host', () => {
    expect(setStackHost(before, 'app', 'h1').get('app')).toBe('h1');
  });

  it('setMultiHostStack stores a sorted list, and an empty list removes the stack', () => {
    expect(setMultiHostStack(before, 'web', ['h3', 'h1']).get('web')).toEqual(['h1', 'h3']);
    expect(setMultiHostStack(before, 'web', []).has('web')).toBe(false);
  });

  it.each<[string, string, string | undefined, Record<string, Deployment>]>([
    ['the whole stack', 'web', undefined, { app: ['h2', 'h3'] }],
    ['one host of a list', 'app', 'h2', { web: 'h1', app: ['h3'] }],
    ['a single host that matches', 'web', 'h1', { app: ['h2', 'h3'] }],
    ['nothing when the single host differs', 'web', 'h9', { web: 'h1', app: ['h2', 'h3'] }],
    ['nothing for an unknown stack', 'db', undefined, { web: 'h1', app: ['h2', 'h3'] }],
  ])('removeStack removes %s', (_, stack, host, expected) => {
    expect(Object.fromEntries(removeStack(before, stack, host))).toEqual(expected);
  });

  it('removeStack deletes a stack whose last listed host goes', () => {
    const one = state({ app: ['h2'] });
    expect(removeStack(one, 'app', 'h2').has('app')).toBe(false);
  });

  it.each<[string, string, string, Deployment]>([
    ['an unknown stack gets the host alone', 'db', 'h1', 'h1'],
    ['the same single host stays a single host', 'web', 'h1', 'h1'],
    ['another host turns a single host into a sorted list', 'web', 'h0', ['h0', 'h1']],
    ['a list gains a missing host in order', 'app', 'h1', ['h1', 'h2', 'h3']],
    ['a list keeps a host it has once', 'app', 'h3', ['h2', 'h3']],
  ])('addStackHost: %s', (_, stack, host, expected) => {
    expect(addStackHost(before, stack, host).get(stack)).toEqual(expected);
  });

  it('never changes the state it was given', () => {
    setStackHost(before, 'web', 'h9');
    setMultiHostStack(before, 'web', ['h9']);
    removeStack(before, 'app', 'h2');
    addStackHost(before, 'app', 'h1');
    expect(JSON.stringify([...before])).toBe(snapshot);
  });
});

describe('comparing state with config', () => {
  const config = stacks({
    web: ['h1'],
    app: ['h2', 'h3'],
    db: ['h2'],
    cache: ['h1'],
    solo: ['h1'],
  });
  const deployed = state({
    web: 'h2',
    app: ['h3'],
    db: 'h2',
    solo: ['h1', 'h3'],
    old: 'h1',
    gone: ['h1', 'h2'],
  });

  it('orphans are recorded stacks the config no longer has, with their hosts', () => {
    expect(Object.fromEntries(orphanedStacks(config, deployed))).toEqual({
      old: 'h1',
      gone: ['h1', 'h2'],
    });
  });

  it('single-host stacks recorded elsewhere need migration; multi-host stacks never do', () => {
    // `solo` is recorded as a list whose first host is h1: the configured one.
    expect(stacksNeedingMigration(config, deployed)).toEqual(['web']);
    const moved = state({ solo: ['h3'] });
    expect(stacksNeedingMigration(config, moved)).toEqual(['solo']);
  });

  it('lists configured stacks with nothing recorded, in config order', () => {
    expect(stacksNotInState(config, deployed)).toEqual(['cache']);
    expect(stacksNotInState(config, new Map())).toEqual(['web', 'app', 'db', 'cache', 'solo']);
  });
});
