/**
 * Streams 100,000 lines through a terminal and through the logs view, in Chromium against
 * `cf serve` on the lab, and prints lines per second, lines lost and the longest main-thread
 * stall of each. Needs the lab (npm run lab:up) and a build (npm run build).
 *
 *   npx tsx bench/terminal-stream.ts
 */
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { dockerOn, labProblems } from '../test/lab/lab';
import { launchBrowser, openContext } from '../test/e2e/browser';
import { serveFarm } from '../test/e2e/serve';
import { terminalFarm } from '../test/e2e/terminal-farm';

const LINES = 100_000;
const STACK = 'cfbench-logs';

/** Records the longest task and the longest gap between frames on the page's main thread. */
const STALL_PROBE = `
  window.__stalls = { longestTask: 0, longestFrameGap: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__stalls.longestTask = Math.max(window.__stalls.longestTask, entry.duration);
    }
  }).observe({ type: 'longtask', buffered: true });
  let last = performance.now();
  const frame = (now) => {
    window.__stalls.longestFrameGap = Math.max(window.__stalls.longestFrameGap, now - last);
    last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
`;

interface Stalls {
  longestTask: number;
  longestFrameGap: number;
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Time the thread ran, which is less than `dur` when the system ran something else. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** The page's main-thread tasks between the marks `bench-start` and `bench-end`. */
interface TracedTasks {
  count: number;
  /** Maximum task duration by the clock, in milliseconds, and the CPU time within that task. */
  longest: number;
  longestCpu: number;
  /** The most CPU time one task took, which the load of other processes does not inflate. */
  mostCpu: number;
  over50: number;
}

/**
 * Records the page's main-thread tasks with Chromium's tracing, which times every task (the
 * long-task observer reports only those over 50 ms) and reports how much of a task's time its
 * thread ran. The page marks the stream's start and end with performance.mark.
 */
async function startTrace(cdp: CDPSession): Promise<void> {
  await cdp.send('Tracing.start', {
    categories: 'toplevel,blink.user_timing,__metadata',
    transferMode: 'ReportEvents',
  });
}

async function stopTrace(cdp: CDPSession): Promise<TracedTasks> {
  const events: TraceEvent[] = [];
  const collect = ({ value }: { value: object[] }) => events.push(...(value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise<void>((resolve) => {
    cdp.once('Tracing.tracingComplete', () => resolve());
  });
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);
  const start = events.find((event) => event.name === 'bench-start');
  const end = events.find((event) => event.name === 'bench-end');
  if (start === undefined || end === undefined) throw new Error('The trace lacks the marks');
  const tasks = events.filter(
    (event) =>
      event.pid === start.pid &&
      event.tid === start.tid &&
      event.name === 'ThreadControllerImpl::RunTask' &&
      event.ph === 'X' &&
      event.ts + (event.dur ?? 0) >= start.ts &&
      event.ts <= end.ts,
  );
  const ms = (micros: number | undefined) => (micros ?? 0) / 1000;
  const longest = tasks.reduce<TraceEvent | undefined>(
    (best, task) => (best === undefined || ms(task.dur) > ms(best.dur) ? task : best),
    undefined,
  );
  return {
    count: tasks.length,
    longest: ms(longest?.dur),
    longestCpu: ms(longest?.tdur),
    mostCpu: Math.max(0, ...tasks.map((task) => ms(task.tdur))),
    over50: tasks.filter((task) => ms(task.dur) > 50).length,
  };
}

async function resetStalls(page: Page): Promise<void> {
  await page.evaluate(
    'window.__stalls.longestTask = 0; window.__stalls.longestFrameGap = 0; ' +
      "performance.mark('bench-start')",
  );
}

async function readStalls(page: Page): Promise<Stalls> {
  return (await page.evaluate("performance.mark('bench-end'), window.__stalls")) as Stalls;
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function report(
  name: string,
  lines: number,
  lost: number,
  ms: number,
  stalls: Stalls,
  traced: TracedTasks,
): void {
  const perSecond = Math.round((lines / ms) * 1000);
  console.log(
    `${name.padEnd(9)} ${lines.toLocaleString('en')} lines in ${(ms / 1000).toFixed(2)} s: ` +
      `${perSecond.toLocaleString('en')} lines/s, lost ${lost}, ` +
      `longest task ${Math.round(traced.longest)} ms (${Math.round(traced.longestCpu)} ms CPU), ` +
      `most CPU in a task ${Math.round(traced.mostCpu)} ms, ` +
      `${traced.over50} of ${traced.count} tasks over 50 ms, ` +
      `long-task observer ${Math.round(stalls.longestTask)} ms, ` +
      `longest frame gap ${Math.round(stalls.longestFrameGap)} ms`,
  );
}

async function benchTerminal(page: Page, cdp: CDPSession): Promise<void> {
  const dock = page.getByRole('region', { name: 'Terminals' });
  await dock.getByRole('button', { name: 'New terminal' }).click();
  const form = page.getByRole('form', { name: 'Open a terminal' });
  await form.getByLabel('Host', { exact: true }).selectOption('h1');
  await form.getByRole('button', { name: 'Open' }).click();
  await dock.getByRole('tab', { name: 'h1' }).waitFor({ timeout: 20_000 });
  await page.getByLabel('Scrollback lines').selectOption(process.env.BENCH_SCROLLBACK ?? '200000');
  await page.locator('.terminal-pane:not([hidden]) .xterm-helper-textarea').focus();
  await page.keyboard.type(`clear; seq 1 ${LINES}; echo "END-$((40+2))"`);

  await startTrace(cdp);
  await resetStalls(page);
  const started = Date.now();
  await page.keyboard.press('Enter');
  const rows = page.locator('.terminal-pane:not([hidden]) .xterm-rows');
  await until(async () => (await rows.innerText()).includes('END-42'), 'the end of seq');
  const elapsed = Date.now() - started;
  const stalls = await readStalls(page);
  const traced = await stopTrace(cdp);

  await page.getByRole('button', { name: 'Copy all' }).click();
  const copied = String(await page.evaluate('navigator.clipboard.readText()'));
  const seen = new Set(copied.split('\n').filter((line) => /^\d+$/.test(line)));
  let lost = 0;
  for (let number = 1; number <= LINES; number++) if (!seen.has(String(number))) lost += 1;
  report('terminal', LINES, lost, elapsed, stalls, traced);
}

async function benchLogs(page: Page, cdp: CDPSession, url: string): Promise<void> {
  await page.goto(`${url}#/logs/${STACK}`);
  await page.getByText(/Following docker compose logs/).waitFor({ timeout: 20_000 });
  await page.getByRole('checkbox', { name: 'Follow' }).uncheck();
  await startTrace(cdp);
  await resetStalls(page);
  const started = Date.now();
  await page.getByRole('toolbar').locator('select').selectOption('all');
  const count = page.locator('.logs-toolbar [aria-live]');
  await page.getByText(/Finished reading from h1/).waitFor({ timeout: 300_000 });
  await until(
    async () => Number((await count.innerText()).replace(/\D/g, '')) >= LINES,
    'all log lines',
    30_000,
  ).catch(() => undefined);
  const elapsed = Date.now() - started;
  const stalls = await readStalls(page);
  const traced = await stopTrace(cdp);
  const shown = Number((await count.innerText()).replace(/\D/g, ''));
  report('logs view', LINES, Math.max(0, LINES - shown), elapsed, stalls, traced);
}

async function main(): Promise<void> {
  const problems = await labProblems();
  if (problems.length > 0) {
    console.error(`The lab is not running (${problems[0]}): run npm run lab:up first.`);
    process.exitCode = 1;
    return;
  }
  const files = terminalFarm({ host: 'h1', image: '127.0.0.1:5000/lab/app:1.0' });
  files['compose-farm.yaml'] += `  ${STACK}: h1\n`;
  files[`stacks/${STACK}/compose.yaml`] = `services:
  counter:
    image: local/busybox:1
    network_mode: none
    init: true
    command: ["sh", "-c", "seq 1 ${LINES}; sleep 100000"]
`;
  const farm = await serveFarm(files);
  const folder = join(farm.folder, 'stacks', STACK);
  const compose = (args: string[]) =>
    dockerOn('h1', ['compose', '--project-directory', folder, '-p', STACK, ...args]);
  const browser = await launchBrowser();
  try {
    await compose(['up', '-d']);
    const context = await openContext(browser, 'light');
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await context.addInitScript(STALL_PROBE);
    if (process.env.BENCH_TUNE) {
      await context.addInitScript(`localStorage.setItem('tune', '${process.env.BENCH_TUNE}')`);
    }
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(farm.url);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await benchTerminal(page, cdp);
    await benchLogs(page, cdp, farm.url);
  } finally {
    await browser.close();
    await compose(['down', '-t', '0']).catch(() => undefined);
    await farm.stop();
  }
}

await main();
