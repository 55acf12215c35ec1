import { createHash } from 'node:crypto';
import type { Colors } from 'picocolors/types';
import { formatExecError } from '../core/executor/errors';
import type { OperationEvent, PreflightProblem, StackResult } from '../core/operations/events';
import type { CliContext } from './context';

type Paint = (text: string) => string;

/** Ten distinct colours for `[stack]` prefixes; a name always gets the same one. */
function palette(colors: Colors): Paint[] {
  return [
    colors.cyan,
    colors.green,
    colors.yellow,
    colors.blue,
    colors.magenta,
    colors.cyanBright,
    colors.greenBright,
    colors.yellowBright,
    colors.blueBright,
    colors.magentaBright,
  ];
}

/** Picks the stable colour of a prefix: the first byte of its SHA-256, modulo the palette. */
export function prefixColor(name: string, colors: Colors): Paint {
  const colours = palette(colors);
  const byte = createHash('sha256').update(name).digest()[0] ?? 0;
  return colours[byte % colours.length] as Paint;
}

export interface PrinterOptions {
  /** Put `[label]` before each line; off when a single stack on a single host is targeted. */
  readonly prefix: boolean;
}

export const PROBLEM_WORDS: Record<PreflightProblem['kind'], string> = {
  'compose-file': 'missing compose file',
  'compose-error': 'compose file error',
  path: 'missing path',
  network: 'missing network',
  device: 'missing device',
  'remote-check-failed': 'remote check failed',
};

/**
 * Prints operation events as they come: command output line by line, with stderr lines on
 * stderr, and each message with its marker. Intermediate states of progress lines are skipped,
 * so piped output holds only final text.
 */
export function createEventPrinter(
  context: CliContext,
  options: PrinterOptions,
): (event: OperationEvent) => void {
  const { out } = context;
  const colors = out.colors;
  const tag = (label: string | undefined) =>
    options.prefix && label !== undefined ? `${prefixColor(label, colors)(`[${label}]`)} ` : '';

  return (event) => {
    switch (event.type) {
      case 'command':
        out.line(colors.dim(`${event.host}: (${event.stack}) ${event.command}`));
        return;
      case 'output': {
        const { line } = event;
        if (line.progress || line.text.trim() === '') return;
        const text = `${tag(line.label)}${line.text}\n`;
        if (line.stream === 'stderr') context.stderr.write(text);
        else context.stdout.write(text);
        return;
      }
      case 'message': {
        const label = event.stack === undefined ? undefined : event.stack;
        const text = `${tag(label)}${event.text}`;
        if (event.level === 'error') out.error(text);
        else if (event.level === 'warning') out.warning(text);
        else if (event.level === 'success') out.success(text);
        else out.line(text);
        return;
      }
      case 'preflight-failed':
        out.error(`[${event.stack}] Cannot start on ${event.host}:`);
        for (const problem of event.problems) {
          out.detail(`${PROBLEM_WORDS[problem.kind]}: ${problem.subject}`);
          out.detail(`  Hint: ${problem.fix}`);
        }
        return;
      case 'result':
        // A cancelled run ends the whole command with `Interrupted`; one line per stack adds nothing.
        if (event.result.error !== undefined && event.result.error.code !== 'cancelled') {
          const [first, ...rest] = formatExecError(event.result.error).split('\n');
          out.error(`${tag(event.result.label)}${first ?? ''}`);
          for (const line of rest) out.detail(line.trim());
        }
        return;
      case 'state-changed':
        return;
    }
  };
}

/**
 * Prints the closing lines after a command over several stacks, as Compose Farm does, counting
 * stacks and stack@host runs separately. Returns the exit code: 1 when anything
 * failed.
 */
export function reportResults(context: CliContext, results: readonly StackResult[]): number {
  const { out } = context;
  const failures = results.filter((result) => !result.success);
  const stacks = new Set(results.map((result) => result.stack));
  const failedStacks = new Set(failures.map((result) => result.stack));

  if (results.length === 1 && failures.length === 1) {
    out.error(failureLine(failures[0] as StackResult));
    return 1;
  }
  if (results.length <= 1) return failures.length > 0 ? 1 : 0;

  out.line();
  const okRuns = results.length - failures.length;
  const runs =
    results.length === stacks.size
      ? ''
      : ` (${okRuns} of ${results.length} stack@host runs succeeded)`;
  if (failures.length === 0) {
    out.success(`All ${plural(stacks.size, 'stack')} succeeded${runs}`);
    return 0;
  }
  for (const failure of failures) out.error(failureLine(failure));
  const succeeded = stacks.size - failedStacks.size;
  out.line(
    `${out.colors.green('✓')} ${succeeded}/${plural(stacks.size, 'stack')} succeeded, ` +
      `${out.colors.red('✗')} ${failedStacks.size} failed${runs}`,
  );
  return 1;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function failureLine(result: StackResult): string {
  const name = result.host === null ? result.label : result.stack;
  const where = result.host === null ? '' : ` on ${result.host}`;
  // A result with a message never ran to an exit code of its own (preflight, a lost host).
  if (result.message !== undefined) return `${name} failed${where}: ${result.message}`;
  return `${name} failed with exit code ${result.exitCode}${where}`;
}
