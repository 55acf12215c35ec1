import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  Executors,
  HostExecutor,
  PtyExit,
  PtySession,
  PtySpec,
} from '../../../src/main/core/executor';
import { HostLimiter } from '../../../src/main/core/operations/context';
import { ConfigSession } from '../../../src/main/services/config-session';
import { EventHub } from '../../../src/main/services/events';
import { StreamHub } from '../../../src/main/services/stream-hub';
import { TerminalManager } from '../../../src/main/services/terminals';

/** A terminal whose program ends when the test calls `end`. */
class ScriptedPty implements PtySession {
  readonly #exits: ((exit: PtyExit) => void)[] = [];
  constructor(readonly host: string) {}
  write(): void {}
  resize(): void {}
  pause(): void {}
  resume(): void {}
  kill(): void {}
  dispose(): void {}
  onData() {
    return { dispose() {} };
  }
  onExit(listener: (exit: PtyExit) => void) {
    this.#exits.push(listener);
    return { dispose() {} };
  }
  end(code: number): void {
    for (const listener of this.#exits) listener({ type: 'exit', code });
  }
}

let folder: string;
let session: ConfigSession;
const opened: { host: string; spec: PtySpec; pty: ScriptedPty }[] = [];

function executors(): Executors {
  return {
    forHost: (host) =>
      ({
        host: host.name,
        local: false,
        openPty: async (spec: PtySpec) => {
          const pty = new ScriptedPty(host.name);
          opened.push({ host: host.name, spec, pty });
          return { ok: true, value: pty };
        },
      }) as unknown as HostExecutor,
    closeAll: async () => {},
  };
}

function manager(): TerminalManager {
  return new TerminalManager({
    session,
    executors,
    streams: new StreamHub(),
    env: {},
    operationContext: (farm, emit, signal) => ({
      config: farm.config,
      executors: executors(),
      emit,
      signal,
      statePath: farm.statePath,
      env: {},
      limiter: new HostLimiter(),
    }),
  });
}

const statePath = () => join(folder, 'compose-farm-state.yaml');

async function waitForState(text: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      if (readFileSync(statePath(), 'utf8').includes(text)) return;
    } catch {
      // Not written yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the state file never contained ${text}`);
}

beforeEach(() => {
  opened.length = 0;
  folder = mkdtempSync(join(tmpdir(), 'cf-raw-'));
  for (const stack of ['web', 'db']) {
    mkdirSync(join(folder, stack));
    writeFileSync(join(folder, stack, 'compose.yaml'), 'services:\n  app:\n    image: nginx\n');
  }
  const path = join(folder, 'compose-farm.yaml');
  writeFileSync(
    path,
    [
      `compose_dir: ${folder}`,
      'hosts:',
      '  h1: 127.0.0.11',
      '  h2: 127.0.0.12',
      'stacks:',
      '  web: h1',
      '  db: [h1, h2]',
      '',
    ].join('\n'),
  );
  session = new ConfigSession({ explicitPath: path, cwd: folder, env: {}, events: new EventHub() });
});

afterEach(() => {
  session.dispose();
  rmSync(folder, { recursive: true, force: true });
});

const window = { cols: 80, rows: 24 } as const;

describe('raw starts in a terminal', () => {
  it('records a single-host stack after up succeeds', async () => {
    const result = await manager().open(
      'scope-1',
      { target: { kind: 'compose', stack: 'web', action: 'up' }, ...window },
      new AbortController().signal,
    );
    expect(result.ok).toBe(true);
    opened[0]?.pty.end(0);
    await waitForState('web: h1');
  });

  it('adds the host of a multi-host stack after update succeeds', async () => {
    writeFileSync(statePath(), 'deployed:\n  db:\n  - h1\n');
    await manager().open(
      'scope-1',
      { target: { kind: 'compose', stack: 'db', host: 'h2', action: 'update' }, ...window },
      new AbortController().signal,
    );
    opened[0]?.pty.end(0);
    await waitForState('- h2');
    expect(readFileSync(statePath(), 'utf8')).toContain('- h1');
  });

  it('leaves the state file alone after a failed up', async () => {
    await manager().open(
      'scope-1',
      { target: { kind: 'compose', stack: 'web', action: 'up' }, ...window },
      new AbortController().signal,
    );
    opened[0]?.pty.end(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(() => readFileSync(statePath(), 'utf8')).toThrow();
  });

  it('leaves the state file alone after a pull', async () => {
    await manager().open(
      'scope-1',
      { target: { kind: 'compose', stack: 'web', action: 'pull' }, ...window },
      new AbortController().signal,
    );
    opened[0]?.pty.end(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(() => readFileSync(statePath(), 'utf8')).toThrow();
  });

  it('rejects a raw up where the state file records another host', async () => {
    writeFileSync(statePath(), 'deployed:\n  web: h2\n');
    const result = await manager().open(
      'scope-1',
      { target: { kind: 'compose', stack: 'web', action: 'up' }, ...window },
      new AbortController().signal,
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', stack: 'web', host: 'h1' },
    });
    expect(result.ok ? '' : result.error.message).toContain('records web on h2');
    expect(opened).toEqual([]);
  });
});
