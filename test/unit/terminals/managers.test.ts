import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Executors } from '../../../src/main/core/executor';
import { ConfigSession } from '../../../src/main/services/config-session';
import { EventHub } from '../../../src/main/services/events';
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
