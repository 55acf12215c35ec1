/**
 * Renders the stacks page of 200 stacks on 10 hosts in Chromium, served by `cf serve`'s server
 * with synthetic services, and prints the time to interactive and the longest frame while host
 * statuses change twice a second. Run with `npx tsx bench/app-render.ts` after `npm run build`.
 */
import type { CallName, CallResponse, HostStatus, LiveStack } from '../src/shared/contract';
import { CALL_NAMES, failed, ok } from '../src/shared/contract';
import type { AppServices, Handlers } from '../src/main/services';
import { Dispatcher, EventHub, StreamHub } from '../src/main/services';
import { defaultRendererDir, startServer } from '../src/main/server';
import { launchBrowser, openContext } from '../test/e2e/browser';

const HOSTS = Array.from({ length: 10 }, (_, index) => `host${index + 1}`);
const STACKS = Array.from(
  { length: 200 },
  (_, index) => `stack-${String(index + 1).padStart(3, '0')}`,
);
const UPDATE_EVERY_MS = 500;
const UPDATE_FOR_MS = 10_000;

let round = 0;
const hostOf = (index: number) => HOSTS[index % HOSTS.length] as string;

function liveStacks(): LiveStack[] {
  return STACKS.map((name, index) => ({
    name,
    hosts: [
      {
        host: hostOf(index),
        configured: true,
        // Every round another tenth of the stacks changes state.
        status: (index + round) % 10 === 0 ? 'stopped' : 'running',
        containers: ['app', 'db', 'cache'].map((service) => ({
          name: `${name}-${service}-1`,
          service,
          state: (index + round) % 10 === 0 ? 'exited' : 'running',
          status: `Up ${round} minutes`,
          image: `example/${service}:1`,
          ports: service === 'app' ? `0.0.0.0:${8000 + index}->80/tcp` : '',
        })),
      },
    ],
  }));
}

function hostStatus(name: string, index: number): HostStatus {
  const down = (index + round) % 7 === 0;
  return {
    name,
    target: `root@${name}:22`,
    local: false,
    reachable: !down,
    authMethod: down ? null : 'ssh-agent',
    hostKey: down ? 'not-checked' : 'trusted',
    hostKeyDetails: null,
    latencyMs: 3,
    containers: down ? null : { running: 55, total: 60 },
    error: down
      ? {
          code: 'host-unreachable',
          message: `Cannot reach ${name}.`,
          hint: 'Check it.',
          host: name,
        }
      : null,
    checkedAt: new Date().toISOString(),
  };
}

const answers: Partial<{ [N in CallName]: () => CallResponse<N> }> = {
  'config.current': () => ({
    status: 'loaded',
    path: '/bench/compose-farm.yaml',
    composeDir: '/bench/stacks',
    statePath: '/bench/compose-farm-state.yaml',
    hostCount: HOSTS.length,
    stackCount: STACKS.length,
    warnings: [],
  }),
  'stacks.list': () => ({
    stacks: STACKS.map((name, index) => ({
      name,
      form: 'single',
      configuredHosts: [hostOf(index)],
      deployedHosts: [hostOf(index)],
      placement: 'deployed',
    })),
    orphans: [],
  }),
  'hosts.list': () => ({
    hosts: HOSTS.map((name, index) => ({
      name,
      address: name,
      user: null,
      port: null,
      configuredStacks: STACKS.filter((_, stack) => stack % HOSTS.length === index),
      deployedStacks: STACKS.filter((_, stack) => stack % HOSTS.length === index),
    })),
  }),
  'hosts.status': () => ({ hosts: HOSTS.map(hostStatus) }),
  'stacks.live': () => ({
    checkedAt: new Date().toISOString(),
    unreachableHosts: [],
    stacks: liveStacks(),
  }),
  'actions.list': () => ({ actions: [] }),
};

function syntheticServices(): AppServices {
  const handlers = Object.fromEntries(
    CALL_NAMES.map((name) => [
      name,
      async () => {
        const answer = answers[name] as (() => unknown) | undefined;
        return answer === undefined
          ? failed('not-available', `${name} is not part of the benchmark.`)
          : ok(answer());
      },
    ]),
  ) as unknown as Handlers;
  return {
    dispatcher: new Dispatcher(handlers),
    events: new EventHub(),
    streams: new StreamHub(),
    session: undefined as never,
    dispose: () => undefined,
  };
}

async function main(): Promise<void> {
  const services = syntheticServices();
  const server = await startServer({ services, rendererDir: defaultRendererDir(), port: 0 });
  const browser = await launchBrowser();
  try {
    const page = await (await openContext(browser, 'light')).newPage();
    const started = performance.now();
    await page.goto(`${server.url}#/stacks`);
    await page
      .locator('tbody tr')
      .nth(STACKS.length - 1)
      .getByText(/host\d+: running/)
      .waitFor({
        timeout: 60_000,
      });
    const interactive = performance.now() - started;

    // A frame longer than the screen's refresh shows as a stutter; record the longest.
    await page.evaluate(`(() => {
      window.__frames = [];
      let last = performance.now();
      const tick = (now) => { window.__frames.push(now - last); last = now; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    const updates = UPDATE_FOR_MS / UPDATE_EVERY_MS;
    for (let index = 0; index < updates; index++) {
      round += 1;
      const host = HOSTS[round % HOSTS.length] as string;
      services.events.emit('hosts.statusChanged', {
        host,
        status: hostStatus(host, round % HOSTS.length),
      });
      await new Promise((resolve) => setTimeout(resolve, UPDATE_EVERY_MS));
    }
    const frames = (await page.evaluate('window.__frames')) as number[];
    const sorted = [...frames].sort((a, b) => a - b);
    const longest = sorted.at(-1) ?? 0;
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;

    console.log(`${STACKS.length} stacks on ${HOSTS.length} hosts, 3 containers each`);
    console.log(
      `time to interactive (every row with its live status): ${interactive.toFixed(0)} ms`,
    );
    console.log(
      `while ${updates} status changes arrived in ${UPDATE_FOR_MS / 1000} s: ` +
        `longest frame ${longest.toFixed(1)} ms, 95th percentile ${p95.toFixed(1)} ms, ` +
        `${frames.length} frames`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
