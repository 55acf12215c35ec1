import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandSpec, Executors, HostExecutor } from '../../../src/main/core/executor';
import { ConfigSession } from '../../../src/main/services/config-session';
import { EventHub } from '../../../src/main/services/events';
import { LogManager } from '../../../src/main/services/logs';
import { StreamHub } from '../../../src/main/services/stream-hub';
import { TerminalManager } from '../../../src/main/services/terminals';

let folder: string;
let session: ConfigSession;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'cf-streams-'));
  const path = join(folder, 'compose-farm.yaml');
  writeFileSync(path, 'hosts:\n  h1: 127.0.0.11\nstacks:\n  web: h1\n');
  session = new ConfigSession({ explicitPath: path, cwd: folder, env: {}, events: new EventHub() });
});

afterEach(() => {
  session.dispose();
  rmSync(folder, { recursive: true, force: true });
});

const noExecutors = (): Executors => {
  throw new Error('this test opens nothing on a host');
};

describe('terminal manager', () => {
  it('rejects input for unknown terminals', () => {
    const streams = new StreamHub();
    const manager = new TerminalManager({ session, executors: noExecutors, streams, env: {} });
    expect(manager.write('scope-1', 'gone', 'ls\r')).toMatchObject({
      ok: false,
      error: { code: 'terminal-not-found' },
    });
    expect(manager.resize('scope-1', 'gone', 80, 24)).toMatchObject({
      ok: false,
      error: { code: 'terminal-not-found' },
    });
  });
});

/** Executors whose commands run until aborted, recording every spec. */
function recordingExecutors(specs: CommandSpec[]): () => Executors {
  const executor = {
    host: 'h1',
    local: false,
    run: (spec: CommandSpec) => {
      specs.push(spec);
      return new Promise(() => {});
    },
  } as unknown as HostExecutor;
  return () => ({ forHost: () => executor, closeAll: async () => {} });
}

const logRequest = { stack: 'web', follow: true, tail: '100' } as const;

describe('log manager', () => {
  it('starts nothing once cancelled', async () => {
    const specs: CommandSpec[] = [];
    const streams = new StreamHub();
    const manager = new LogManager({
      session,
      executors: recordingExecutors(specs),
      streams,
      env: {},
    });
    const controller = new AbortController();
    const opening = manager.open('scope-1', logRequest, controller.signal);
    controller.abort();
    await expect(opening).resolves.toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(specs).toEqual([]);
    expect(manager.size).toBe(0);
  });
});
