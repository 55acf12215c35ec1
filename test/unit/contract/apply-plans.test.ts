import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/services';
import { createAppServices, silentLogger } from '../../../src/main/services';

let folder: string;
let app: AppServices;
let request = 0;

async function call(name: string, payload: unknown) {
  request += 1;
  return app.dispatcher.dispatch('window', name, { requestId: `r${request}`, payload });
}

async function planId(preflight: boolean): Promise<string> {
  const plan = await call('apply.plan', { preflight });
  if (!plan.ok) throw new Error(plan.error.message);
  return (plan.value as { planId: string }).planId;
}

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'cf-apply-'));
  mkdirSync(join(folder, 'stacks', 'web'), { recursive: true });
  writeFileSync(
    join(folder, 'stacks', 'web', 'compose.yaml'),
    'services:\n  web:\n    image: nginx\n',
  );
  // Port 1 on loopback refuses at once, so planning contacts no real host.
  writeFileSync(
    join(folder, 'compose-farm.yaml'),
    `compose_dir: ${join(folder, 'stacks')}\nhosts:\n  h9: {address: 127.0.0.1, port: 1}\nstacks:\n  web: h9\n`,
  );
  writeFileSync(join(folder, 'compose-farm-state.yaml'), 'deployed:\n  web: h9\n');
  app = createAppServices({ cwd: folder, env: {}, home: folder, log: silentLogger });
});

afterEach(() => {
  app.dispose();
  rmSync(folder, { recursive: true, force: true });
});

describe('apply plans', () => {
  it('expires a plan after the state file changed', async () => {
    const id = await planId(true);
    writeFileSync(join(folder, 'compose-farm-state.yaml'), 'deployed: {}\n');
    const run = await call('apply.run', { planId: id, actionIds: ['start:web@h9'] });
    expect(run).toMatchObject({ ok: false, error: { code: 'plan-expired' } });
    expect(run.ok ? '' : run.error.message).toContain('compose-farm-state.yaml');
  });

  it('keeps a preview past many quick plans', async () => {
    const id = await planId(true);
    for (let index = 0; index < 12; index += 1) await planId(false);
    const run = await call('apply.run', { planId: id, actionIds: ['start:web@h9'] });
    // The plan is still known: it rejects a step it does not contain instead of expiring.
    expect(run).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
