/**
 * Renders the stacks page of 200 stacks on 10 hosts in Chromium, served by `cf serve`'s server
 * with synthetic services, and prints for each run:
 *
 * - the time from navigation until every stack row on the first screen shows its live status.
 * - the longest frame and the longest main-thread task while host statuses change twice a
 *   second for 10 s, counted until the page shows the last change.
 * - the longest frame while the statuses keep changing and the page is scrolled with the mouse
 *   wheel from the first stack to the last and back.
 *
 * Every update round changes the live status of a tenth of the stacks, and the run fails unless
 * the page ends up showing the statuses of the last round, so a page that skips updates cannot
 * look fast. Run after `npm run build`:
 *
 *   npx tsx bench/app-render.ts [--runs N] [--profile FILE.cpuprofile]
 *
 * `--profile` records a Chromium CPU profile of the first run's update period (open it in the
 * Performance panel of Chrome's developer tools) and prints the functions with the most self time.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
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
const WHEEL_STEP_PX = 300;
const WHEEL_PAUSE_MS = 30;

let round = 0;
const hostOf = (index: number) => HOSTS[index % HOSTS.length] as string;

/** Every round another tenth of the stacks is stopped and the previous tenth runs again. */
const liveStatusOf = (index: number) => ((index + round) % 10 === 0 ? 'stopped' : 'running');

function liveStacks(): LiveStack[] {
  return STACKS.map((name, index) => ({
    name,
    hosts: [
      {
        host: hostOf(index),
        configured: true,
        status: liveStatusOf(index),
        containers: ['app', 'db', 'cache'].map((service) => ({
          name: `${name}-${service}-1`,
          service,
          state: liveStatusOf(index) === 'stopped' ? 'exited' : 'running',
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

/**
 * Installed before the page's own scripts: it records the gap between consecutive frames and
 * every long task (over 50 ms) for as long as `__probe.recording` is true.
 */
const PROBE = `
  window.__probe = { recording: false, frames: [], tasks: [] };
  new PerformanceObserver((list) => {
    if (!window.__probe.recording) return;
    for (const entry of list.getEntries()) window.__probe.tasks.push(entry.duration);
  }).observe({ type: 'longtask' });
  let last = performance.now();
  const frame = (now) => {
    if (window.__probe.recording) window.__probe.frames.push(now - last);
    last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
`;

/**
 * A script that lists the stack rows intersecting the scrolling page as [stack name, row text]
 * pairs. Rows are found by their link to the stack, so spacer rows of a windowed table are left
 * out.
 */
const ROWS_IN_VIEW = `(() => {
  const content = document.getElementById('content');
  if (content === null) return [];
  const view = content.getBoundingClientRect();
  return [...document.querySelectorAll('tbody tr')].flatMap((row) => {
    const link = row.querySelector('a[href^="#/stacks/"]');
    const box = row.getBoundingClientRect();
    if (link === null || box.bottom <= view.top || box.top >= view.bottom) return [];
    return [[link.textContent.trim(), row.innerText]];
  });
})()`;

async function rowsInView(page: Page): Promise<[string, string][]> {
  return (await page.evaluate(ROWS_IN_VIEW)) as [string, string][];
}

/** Tells whether every stack row in view shows the live status of the current round. */
async function showsCurrentRound(page: Page): Promise<boolean> {
  const rows = await rowsInView(page);
  return (
    rows.length > 0 &&
    rows.every(([name, text]) => {
      const index = STACKS.indexOf(name);
      return text.includes(`${hostOf(index)}: ${liveStatusOf(index)}`);
    })
  );
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Recording {
  readonly frames: number[];
  readonly tasks: number[];
}

async function record<T>(page: Page, during: () => Promise<T>): Promise<[Recording, T]> {
  await page.evaluate('window.__probe.frames = []; window.__probe.tasks = []');
  await page.evaluate('window.__probe.recording = true');
  const result = await during();
  await page.evaluate('window.__probe.recording = false');
  return [(await page.evaluate('window.__probe')) as Recording, result];
}

function pushUpdate(services: AppServices): void {
  round += 1;
  const host = HOSTS[round % HOSTS.length] as string;
  services.events.emit('hosts.statusChanged', {
    host,
    status: hostStatus(host, round % HOSTS.length),
  });
}

async function scrollContent(page: Page, direction: 1 | -1): Promise<void> {
  const atEnd = `(() => {
    const content = document.getElementById('content');
    return ${direction} > 0
      ? content.scrollTop + content.clientHeight >= content.scrollHeight - 1
      : content.scrollTop <= 0;
  })()`;
  for (let step = 0; step < 1000; step++) {
    if (await page.evaluate(atEnd)) return;
    await page.mouse.wheel(0, direction * WHEEL_STEP_PX);
    await new Promise((resolve) => setTimeout(resolve, WHEEL_PAUSE_MS));
  }
  throw new Error('Scrolling did not reach the end of the page after 1000 wheel steps');
}

interface RunResult {
  readonly interactiveMs: number;
  readonly updates: Recording;
  readonly scroll: Recording;
}

async function run(browser: Browser, url: string, services: AppServices, profile?: string) {
  const context = await openContext(browser, 'light');
  await context.addInitScript(PROBE);
  const page = await context.newPage();
  try {
    const started = performance.now();
    await page.goto(`${url}#/stacks`);
    await until(() => showsCurrentRound(page), 'the first screen of stacks', 60_000);
    const interactiveMs = performance.now() - started;

    const cdp = profile === undefined ? undefined : await context.newCDPSession(page);
    await cdp?.send('Profiler.enable');
    await cdp?.send('Profiler.start');
    const [updates] = await record(page, async () => {
      for (let index = 0; index < UPDATE_FOR_MS / UPDATE_EVERY_MS; index++) {
        pushUpdate(services);
        await new Promise((resolve) => setTimeout(resolve, UPDATE_EVERY_MS));
      }
      await until(() => showsCurrentRound(page), 'the statuses of the last update', 5_000);
    });
    if (cdp !== undefined && profile !== undefined) {
      const { profile: data } = await cdp.send('Profiler.stop');
      writeFileSync(profile, JSON.stringify(data));
      printProfile(data);
    }

    await page.mouse.move(640, 500);
    const ticker = setInterval(() => pushUpdate(services), UPDATE_EVERY_MS);
    const [scroll] = await record(page, async () => {
      try {
        await scrollContent(page, 1);
        const bottom = (await rowsInView(page)).map(([name]) => name);
        if (!bottom.includes(STACKS.at(-1) as string)) {
          throw new Error(`The last stack is not in view at the bottom: ${bottom.join(', ')}`);
        }
        await scrollContent(page, -1);
      } finally {
        clearInterval(ticker);
      }
    });
    return { interactiveMs, updates, scroll } satisfies RunResult;
  } finally {
    await context.close();
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Prints the ten functions with the most self time in a CPU profile. */
function printProfile(profile: {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, index) => {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) return;
    const file = frame.url.split('/').at(-1) ?? '';
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    selfMs.set(name, (selfMs.get(name) ?? 0) + (deltas[index] ?? 0) / 1000);
  });
  console.log('functions with the most self time during the updates:');
  for (const [name, ms] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
    console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${name}`);
  }
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

const maxOf = (values: readonly number[]) => Math.max(0, ...values);

function spread(label: string, values: readonly number[]): string {
  return (
    `${label}: min ${Math.min(...values).toFixed(0)}, median ${percentile(values, 0.5).toFixed(0)}, ` +
    `max ${maxOf(values).toFixed(0)} ms`
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, profile: { type: 'string' } },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`--runs must be a whole number of at least 1, not ${values.runs}`);
  }

  const services = syntheticServices();
  const server = await startServer({ services, rendererDir: defaultRendererDir(), port: 0 });
  const browser = await launchBrowser();
  const results: RunResult[] = [];
  try {
    console.log(`${STACKS.length} stacks on ${HOSTS.length} hosts, 3 containers each`);
    for (let index = 0; index < runs; index++) {
      const result = await run(
        browser,
        server.url,
        services,
        index === 0 ? values.profile : undefined,
      );
      results.push(result);
      console.log(
        `run ${index + 1}: interactive ${result.interactiveMs.toFixed(0)} ms; ` +
          `${UPDATE_FOR_MS / UPDATE_EVERY_MS} updates: longest frame ` +
          `${maxOf(result.updates.frames).toFixed(1)} ms, 95th percentile ` +
          `${percentile(result.updates.frames, 0.95).toFixed(1)} ms ` +
          `(${result.updates.frames.length} frames), longest task ` +
          `${maxOf(result.updates.tasks).toFixed(0)} ms; scrolling while updating: longest frame ` +
          `${maxOf(result.scroll.frames).toFixed(1)} ms (${result.scroll.frames.length} frames)`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`over ${runs} runs:`);
  console.log(
    `  ${spread(
      'time to interactive',
      results.map((result) => result.interactiveMs),
    )}`,
  );
  console.log(
    `  ${spread(
      'longest frame while updating',
      results.map((result) => maxOf(result.updates.frames)),
    )}`,
  );
  console.log(
    `  ${spread(
      'longest frame while scrolling',
      results.map((result) => maxOf(result.scroll.frames)),
    )}`,
  );
}

await main();
