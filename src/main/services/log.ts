/** A named logger; lines go to stderr so that stdout stays free for command output. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  debug(message: string): void;
}

export function createLogger(component: string, env: NodeJS.ProcessEnv = process.env): Logger {
  const debugEnabled = env.CF_DEBUG === '1' || env.CF_DEBUG === component;
  const write = (level: string, message: string) =>
    process.stderr.write(`${level} ${component}: ${message}\n`);
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message, error) =>
      write('error', error === undefined ? message : `${message}: ${describeError(error)}`),
    debug: (message) => {
      if (debugEnabled) write('debug', message);
    },
  };
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
