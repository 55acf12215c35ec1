import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { createAppServices, createLogger } from '../../services';
import { defaultRendererDir, isRendererBuilt, startServer } from '../../server';
import type { CliContext } from '../context';
import { CliExit, ExitCode } from '../exit';
import { HelpGroup } from '../program';

interface ServeOptions {
  port: number;
  open?: boolean;
  config?: string;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535 (0: any free port)');
  }
  return port;
}

export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('serve the desktop app to a browser on this machine (127.0.0.1 only)')
    .helpGroup(HelpGroup.server)
    .option('-p, --port <port>', 'the port to listen on; 0 picks a free one', parsePort, 0)
    .option('-o, --open', 'open the app in the default browser')
    .option('-c, --config <path>', 'the config file to use instead of searching for one')
    .action(async (options: ServeOptions) => {
      const rendererDir = defaultRendererDir();
      if (!isRendererBuilt(rendererDir)) {
        context.out.error(`The app's page is not built: ${rendererDir}/index.html is missing.`);
        context.out.detail('Run `npm run build` in the project folder, then `cf serve` again.');
        throw new CliExit(ExitCode.failed);
      }

      const services = createAppServices({
        explicitConfigPath: options.config,
        cwd: context.cwd,
        env: context.env,
        log: createLogger('serve', context.env),
      });
      let server;
      try {
        server = await startServer({
          services,
          rendererDir,
          port: options.port,
          log: createLogger('serve', context.env),
        });
      } catch (error) {
        services.dispose();
        context.out.error(
          `Cannot listen on 127.0.0.1:${options.port}: ${(error as Error).message}`,
        );
        context.out.detail('Choose another port with --port, or 0 for any free one.');
        throw new CliExit(ExitCode.failed);
      }

      context.out.success(`Compose Farm is served at ${server.url}`);
      context.out.detail(
        'The token in the address is the key: share it with no one. Ctrl+C stops.',
      );
      if (options.open) openBrowser(server.url, context);

      await untilInterrupted();
      await server.close();
      services.dispose();
    });
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Starts the platform's opener; when there is none, the printed address is enough. */
function openBrowser(url: string, context: CliContext): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const noBrowser = () =>
    context.out.warning('Could not open a browser here; open the address above yourself.');
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', noBrowser);
    child.on('exit', (code) => {
      if (code !== 0) noBrowser();
    });
    child.unref();
  } catch {
    noBrowser();
  }
}
