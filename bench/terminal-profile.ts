/**
 * Shows where the page's main thread spends its time while a terminal streams `seq`, in
 * Chromium against `cf serve` on the lab: the tasks by kind (what posted them), the longest
 * tasks with what ran inside them and how much of each the thread actually ran, and with
 * PROFILE_SAMPLES=1 the functions with the most self time. Needs the lab and a build.
 *
 *   npx tsx bench/terminal-profile.ts [lines]
 *
 * PROFILE_SEARCH=text first searches the output with highlights and closes the search bar;
 * PROFILE_AFTER_MS=n keeps recording that long after the end of the output.
 */
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser, openContext } from '../test/e2e/browser';
import { serveFarm } from '../test/e2e/serve';
import { terminalFarm } from '../test/e2e/terminal-farm';

const LINES = Number(process.argv[2] ?? 100_000);
const CATEGORIES = [
  'toplevel',
  'blink.user_timing',
  'devtools.timeline',
  'v8',
  'disabled-by-default-v8.gc',
].join(',');

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { src_func?: string; data?: { functionName?: string; url?: string } };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ms = (micros: number | undefined) => (micros ?? 0) / 1000;

async function until(check: () => Promise<boolean>, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the end of seq');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function stopTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => {
    events.push(...(value as unknown as TraceEvent[]));
  });
  const complete = new Promise<void>((resolve) => {
    cdp.once('Tracing.tracingComplete', () => resolve());
  });
  await cdp.send('Tracing.end');
  await complete;
  return events;
}

function label(event: TraceEvent): string {
  const data = event.args?.data;
  if (event.name !== 'FunctionCall') return event.name;
  return `FunctionCall(${data?.functionName ?? ''} ${(data?.url ?? '').split('/').pop() ?? ''})`;
}

function printTasks(events: TraceEvent[]): void {
  const start = events.find((event) => event.name === 'profile-start');
  const end = events.find((event) => event.name === 'profile-end');
  if (start === undefined || end === undefined) throw new Error('The trace lacks the marks');
  const onThread = events.filter((event) => event.pid === start.pid && event.tid === start.tid);
  const tasks = onThread
    .filter(
      (event) =>
        event.name === 'ThreadControllerImpl::RunTask' &&
        event.ph === 'X' &&
        event.ts + (event.dur ?? 0) >= start.ts &&
        event.ts <= end.ts,
    )
    .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0));
  const over = (limit: number) => tasks.filter((task) => ms(task.dur) > limit).length;
  console.log(
    `${tasks.length} main-thread tasks, over 16 ms: ${over(16)}, over 30 ms: ${over(30)}, ` +
      `over 50 ms: ${over(50)}`,
  );

  const kinds = new Map<string, { count: number; cpu: number; maxCpu: number; maxWall: number }>();
  for (const task of tasks) {
    const kind = task.args?.src_func ?? task.name;
    const entry = kinds.get(kind) ?? { count: 0, cpu: 0, maxCpu: 0, maxWall: 0 };
    entry.count += 1;
    entry.cpu += ms(task.tdur);
    entry.maxCpu = Math.max(entry.maxCpu, ms(task.tdur));
    entry.maxWall = Math.max(entry.maxWall, ms(task.dur));
    kinds.set(kind, entry);
  }
  console.log('by kind (what posted them):');
  for (const [kind, entry] of [...kinds].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, 8)) {
    console.log(
      `  ${kind.slice(0, 60)}: ${entry.count} tasks, ${entry.cpu.toFixed(0)} ms CPU, ` +
        `most CPU ${entry.maxCpu.toFixed(1)} ms, longest ${entry.maxWall.toFixed(1)} ms`,
    );
  }

  console.log('longest tasks (clock, CPU): what ran inside, in ms');
  for (const task of tasks.slice(0, 8)) {
    const from = task.ts;
    const to = task.ts + (task.dur ?? 0);
    const byName = new Map<string, number>();
    for (const event of onThread) {
      if (event === task || event.ph !== 'X' || event.ts < from) continue;
      if (event.ts + (event.dur ?? 0) > to) continue;
      byName.set(label(event), (byName.get(label(event)) ?? 0) + ms(event.dur));
    }
    const inside = [...byName.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([name, time]) => `${name} ${time.toFixed(1)}`)
      .join(', ');
    console.log(
      `  ${ms(task.dur).toFixed(1)}, ${ms(task.tdur).toFixed(1)} ` +
        `[${task.args?.src_func ?? '?'}]: ${inside}`,
    );
  }
}

function printProfile(profile: Profile): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) return;
    const time = ms(profile.timeDeltas[index]);
    const file = frame.url.split('/').pop() ?? '';
    const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + time);
    total += time;
  });
  console.log(`self time, ${total.toFixed(0)} ms sampled:`);
  for (const [name, time] of [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${time.toFixed(1).padStart(8)} ms  ${name}`);
  }
}

async function run(page: Page, cdp: CDPSession): Promise<void> {
  const dock = page.getByRole('region', { name: 'Terminals' });
  await dock.getByRole('button', { name: 'New terminal' }).click();
  const form = page.getByRole('form', { name: 'Open a terminal' });
  await form.getByLabel('Host', { exact: true }).selectOption('h1');
  await form.getByRole('button', { name: 'Open' }).click();
  await dock.getByRole('tab', { name: 'h1' }).waitFor({ timeout: 20_000 });
  await page.getByLabel('Scrollback lines').selectOption('200000');
  const input = page.locator('.terminal-pane:not([hidden]) .xterm-helper-textarea');
  await input.focus();
  await page.keyboard.type(`clear; seq 1 ${LINES}; echo "END-$((40+2))"`);
  const term = process.env.PROFILE_SEARCH;
  if (term !== undefined) {
    const search = page.getByRole('button', { name: 'Search', exact: true });
    await search.click();
    await page.getByLabel('Search the terminal').fill(term);
    await page.getByLabel('Search the terminal').press('Enter');
    await search.click();
    await input.focus();
  }

  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  const sampling = process.env.PROFILE_SAMPLES === '1';
  if (sampling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.evaluate("performance.mark('profile-start')");
  const started = Date.now();
  await page.keyboard.press('Enter');
  const rows = page.locator('.terminal-pane:not([hidden]) .xterm-rows');
  await until(async () => (await rows.innerText()).includes('END-42'));
  const elapsed = Date.now() - started;
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.PROFILE_AFTER_MS ?? 0)));
  await page.evaluate("performance.mark('profile-end')");
  const profile = sampling ? (await cdp.send('Profiler.stop')).profile : undefined;
  const events = await stopTrace(cdp);
  console.log(`${LINES.toLocaleString('en')} lines in ${elapsed} ms`);
  printTasks(events);
  if (profile !== undefined) printProfile(profile as unknown as Profile);
}

async function main(): Promise<void> {
  const farm = await serveFarm(terminalFarm({ host: 'h1', image: '127.0.0.1:5000/lab/app:1.0' }));
  const browser = await launchBrowser();
  try {
    const context = await openContext(browser, 'light');
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(farm.url);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await run(page, cdp);
  } finally {
    await browser.close();
    await farm.stop();
  }
}

await main();
