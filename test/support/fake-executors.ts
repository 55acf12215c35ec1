import type {
  CommandSpec,
  Executors,
  HostCheck,
  HostExecutor,
  RunResult,
} from '../../src/main/core/executor/types';
import type { HostConfig } from '../../src/main/core/config/types';

/** One command a fake host received. */
export interface RecordedCommand {
  readonly host: string;
  readonly argv: readonly string[];
  readonly cwd?: string;
  /** The compose arguments when the command is the guarded `docker compose` script. */
  readonly compose?: readonly string[];
}

export type Reply = Partial<Pick<RunResult, 'stdout' | 'stderr'>> & {
  readonly code?: number;
  readonly unreachable?: boolean;
};

/**
 * Executors whose hosts answer from a script instead of running anything, so operations can be
 * checked for the commands they send and the order they send them in.
 */
export class FakeExecutors implements Executors {
  readonly commands: RecordedCommand[] = [];

  constructor(private readonly reply: (command: RecordedCommand) => Reply = () => ({})) {}

  forHost(host: HostConfig): HostExecutor {
    const run = async (spec: CommandSpec): Promise<RunResult> => {
      const composeAt = spec.argv.indexOf('compose-farm');
      const command: RecordedCommand = {
        host: host.name,
        argv: spec.argv,
        ...(spec.cwd === undefined ? {} : { cwd: spec.cwd }),
        ...(spec.argv[0] === 'sh' && composeAt > 0
          ? { compose: spec.argv.slice(composeAt + 1) }
          : {}),
      };
      this.commands.push(command);
      const answer = this.reply(command);
      const label = spec.label ?? host.name;
      if (answer.unreachable) {
        return {
          host: host.name,
          label,
          end: {
            type: 'error',
            error: {
              code: 'unreachable',
              host: host.name,
              address: host.address,
              message: `cannot connect to ${host.name}`,
              hint: 'start it',
            },
          },
          success: false,
          stdout: '',
          stderr: '',
          durationMs: 0,
        };
      }
      const code = answer.code ?? 0;
      for (const text of (answer.stdout ?? '').split('\n').filter(Boolean)) {
        spec.onLine?.({ stream: 'stdout', text, label, host: host.name, progress: false });
      }
      return {
        host: host.name,
        label,
        end: { type: 'exit', code },
        success: code === 0,
        stdout: answer.stdout ?? '',
        stderr: answer.stderr ?? '',
        durationMs: 0,
      };
    };
    const check = async (): Promise<HostCheck> => ({
      host: host.name,
      target: host.address,
      local: false,
      hostKey: 'trusted',
    });
    return {
      host: host.name,
      local: false,
      run,
      openPty: () => Promise.reject(new Error('the fake executor has no terminals')),
      check,
      close: async () => {},
    };
  }

  async closeAll(): Promise<void> {}

  /** The compose commands sent, as `host: args`. */
  composeLog(): string[] {
    return this.commands
      .filter((command) => command.compose !== undefined)
      .map((command) => `${command.host}: ${command.compose?.join(' ')}`);
  }
}
