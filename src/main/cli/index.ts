import { CliExit } from './exit';
import { createCliExecutors } from './executors';
import { createOutput } from './output';
import { runCli } from './program';
import { confirmOnTerminal } from './prompts';

async function main(): Promise<void> {
  const context = {
    out: createOutput(),
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    // `npm run cf` runs in the package folder; INIT_CWD is where the user typed the command.
    cwd:
      process.env.npm_lifecycle_event === 'cf'
        ? (process.env.INIT_CWD ?? process.cwd())
        : process.cwd(),
    interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
    confirm: confirmOnTerminal,
    createExecutors: createCliExecutors,
  };
  try {
    process.exitCode = await runCli(process.argv.slice(2), context);
  } catch (error) {
    if (error instanceof CliExit) {
      process.exitCode = error.code;
      return;
    }
    // Only bugs reach this point: expected failures are reported by the commands themselves.
    console.error(error);
    process.exitCode = 1;
  }
}

void main();
