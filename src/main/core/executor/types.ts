/**
 * The executor's contract: how operations run a command or open a terminal on a host, local or
 * over SSH, and what they get back. Expected failures (a host that is down, a rejected key, a
 * changed host key, a timeout, a cancellation) come back as data with a stable code; only bugs
 * throw.
 */
import type { HostConfig } from '../config/types';

/** The output stream of a command that a line came from. */
export type StreamName = 'stdout' | 'stderr';

/**
 * One command to run on a host. The same spec runs the same way locally and over SSH: the argv
 * is quoted for the remote shell by one function, never joined by hand.
 */
export interface CommandSpec {
  /** Program and arguments. A pipeline is `['sh', '-c', script]`. */
  readonly argv: readonly string[];
  /** Folder to run in; remote commands become `cd '<cwd>' && <argv>`. */
  readonly cwd?: string;
  /** Extra environment variables for the command (values are never logged). */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to the command's stdin, which is then closed. Without it stdin is empty. */
  readonly stdin?: string | Uint8Array;
  /** Ends the command after this many milliseconds with a `timeout` error. */
  readonly timeoutMs?: number;
  /** Aborting ends the command (its process group locally, the remote process over SSH). */
  readonly signal?: AbortSignal;
  /** Prefix of streamed lines: the stack name, or `stack@host` for multi-host fan-out. */
  readonly label?: string;
  /** How messages name the command, when its argv is a wrapper a person should not see. */
  readonly description?: string;
  /** Called for every line of output while the command runs. */
  readonly onLine?: (line: OutputLine) => void;
  /** Keep stdout and stderr in the result (default true); off for long follows such as `logs -f`. */
  readonly capture?: boolean;
  /**
   * Stops reading the command's output while closed, so a slow consumer makes the command wait
   * on a full pipe or SSH window instead of growing main's memory. See `createOutputValve`.
   */
  readonly valve?: OutputValve;
}

/** A switch a consumer flips to hold a command's output; the executor watches it while it runs. */
export interface OutputValve {
  readonly paused: boolean;
  /** Calls `listener` on every change until the returned function is called. */
  watch(listener: (paused: boolean) => void): () => void;
}

/**
 * A line of output, UTF-8 decoded as a stream so no character is split. Text never contains
 * `\n`; a line that a bare `\r` rewrites is first delivered with `progress: true` for each
 * state and finally, once its `\n` arrives, as the text a terminal would show.
 */
export interface OutputLine {
  readonly stream: StreamName;
  readonly text: string;
  /** The spec's label, or the host name when the spec has none. */
  readonly label: string;
  readonly host: string;
  /** True for an intermediate state of a progress line; consumers that keep text skip it. */
  readonly progress: boolean;
}

/** The end of a command: an exit code, a signal, or an error before it ran to the end. */
export type RunEnd =
  | { readonly type: 'exit'; readonly code: number }
  | { readonly type: 'signal'; readonly signal: string }
  | { readonly type: 'error'; readonly error: ExecError };

export interface RunResult {
  readonly host: string;
  readonly label: string;
  readonly end: RunEnd;
  /** True only for exit code 0. */
  readonly success: boolean;
  /** Captured output, final lines only (progress states dropped); empty when capture is off. */
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

/** Stable codes of expected failures; match on these, never on message text. */
export type ExecErrorCode =
  | 'unreachable'
  | 'auth-failed'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'timeout'
  | 'cancelled'
  | 'connection-lost'
  | 'channel-refused'
  | 'spawn-failed'
  | 'ssh-config-invalid';

interface ExecErrorBase {
  /** The host's name in compose-farm.yaml. */
  readonly host: string;
  /** The failure and its place, in one sentence. */
  readonly message: string;
  /** The next step for the user. */
  readonly hint: string;
}

export type ExecError =
  | (ExecErrorBase & { readonly code: 'unreachable'; readonly address: string })
  | (ExecErrorBase & {
      readonly code: 'auth-failed';
      /** Methods offered, in order, e.g. `ssh-agent`, `key ~/.ssh/id_ed25519`, `password`. */
      readonly tried: readonly string[];
    })
  | (ExecErrorBase & {
      readonly code: 'host-key-unknown';
      readonly keyType: string;
      /** `SHA256:…` as OpenSSH prints it. */
      readonly fingerprint: string;
    })
  | (ExecErrorBase & {
      readonly code: 'host-key-changed';
      readonly keyType: string;
      readonly fingerprint: string;
      readonly knownFingerprint: string;
      /** The file and line of the stale entry, and the command that removes it. */
      readonly knownHostsFile: string;
      readonly knownHostsLine: number;
      readonly removeCommand: string;
    })
  | (ExecErrorBase & {
      readonly code: 'host-key-revoked';
      readonly keyType: string;
      readonly fingerprint: string;
    })
  | (ExecErrorBase & {
      readonly code: 'timeout';
      readonly phase: 'connect' | 'command';
      readonly timeoutMs: number;
    })
  | (ExecErrorBase & { readonly code: 'cancelled' })
  | (ExecErrorBase & { readonly code: 'connection-lost' })
  | (ExecErrorBase & { readonly code: 'channel-refused' })
  | (ExecErrorBase & { readonly code: 'spawn-failed' })
  | (ExecErrorBase & { readonly code: 'ssh-config-invalid' });

/** A value or an expected failure. */
export type Outcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ExecError };

/** The program to start in a terminal. */
export interface PtySpec {
  /** Program and arguments; without it the user's login shell starts. */
  readonly argv?: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly cols: number;
  readonly rows: number;
  /** TERM for the session; `xterm-256color` unless given. */
  readonly term?: string;
  /** Aborting kills the session. */
  readonly signal?: AbortSignal;
}

export type PtyExit =
  | { readonly type: 'exit'; readonly code: number }
  | { readonly type: 'signal'; readonly signal: string }
  | { readonly type: 'error'; readonly error: ExecError };

export interface Disposable {
  dispose(): void;
}

/**
 * A terminal running a program, the same surface over node-pty and an ssh2 PTY channel. Data is
 * already UTF-8 decoded as a stream. Listeners added after the session ended still hear the exit.
 */
export interface PtySession {
  readonly host: string;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  onData(listener: (text: string) => void): Disposable;
  onExit(listener: (exit: PtyExit) => void): Disposable;
  /**
   * Stops reading the program's output until `resume`, so that it blocks once the pipe or SSH
   * window is full. Output that waits when the program exits still arrives after `resume`.
   */
  pause(): void;
  resume(): void;
  /**
   * Sends a signal to the program (SIGHUP unless given). sshd ignores signals for root logins,
   * so a remote session that is still running after a short grace time is hung up instead.
   */
  kill(signal?: string): void;
  /** Ends the program if it still runs and releases everything the session holds. */
  dispose(): void;
}

/** The state of one host as `cf ssh status` reports it. */
export interface HostCheck {
  readonly host: string;
  /** `user@address:port` as connected, or `local`. */
  readonly target: string;
  readonly local: boolean;
  /** e.g. `ssh-agent`, `key ~/.ssh/compose-farm/id_ed25519`, `none (local)`. */
  readonly authMethod?: string;
  readonly hostKey: 'trusted' | 'accepted-new' | 'unknown' | 'changed' | 'revoked' | 'local';
  /** Round trip of `echo ok` once connected. */
  readonly latencyMs?: number;
  readonly error?: ExecError;
}

/** Runs commands and terminals on one host; shared by every operation on that host. */
export interface HostExecutor {
  /** The host's name in compose-farm.yaml. */
  readonly host: string;
  /** True when the host runs without SSH (its address is this machine). */
  readonly local: boolean;
  /** Runs a command to its end, streaming lines through `spec.onLine`. Never rejects. */
  run(spec: CommandSpec): Promise<RunResult>;
  /** Starts a program in a terminal. */
  openPty(spec: PtySpec): Promise<Outcome<PtySession>>;
  /** Connects if needed and measures one round trip. */
  check(options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<HostCheck>;
  /** Ends the connection and every command and terminal on it. */
  close(): Promise<void>;
}

/** One shared executor per configured host. */
export interface Executors {
  forHost(host: HostConfig): HostExecutor;
  closeAll(): Promise<void>;
}

/** A host key the user is asked to trust on first use. */
export interface HostKeyPrompt {
  readonly host: string;
  /** The name known_hosts will list, e.g. `[127.0.0.11]:2222`. */
  readonly knownHostsName: string;
  readonly keyType: string;
  readonly fingerprint: string;
}

/** Asks the user for a key's passphrase; undefined means the user declined. */
export type PassphrasePrompt = (request: {
  readonly host: string;
  readonly keyPath: string;
}) => Promise<string | undefined>;

/** Named logger; lifecycle at info, details at debug. Never given data, secrets or env values. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

export interface ExecutorOptions {
  /** Default 10 s; `ConnectTimeout` from the SSH config wins over this default. */
  readonly connectTimeoutMs?: number;
  /** Default for commands without `timeoutMs`; none when unset. */
  readonly commandTimeoutMs?: number;
  /** Default 15 s; `ServerAliveInterval` from the SSH config wins over this default. */
  readonly keepaliveIntervalMs?: number;
  /** Channels open at once per connection; default 8, below sshd's default MaxSessions of 10. */
  readonly maxChannels?: number;
  /** Adds unknown host keys to known_hosts without asking, like OpenSSH's `accept-new`. */
  readonly acceptNewHostKeys?: boolean;
  /** Asked for unknown host keys; without it (no terminal) they are refused. */
  readonly confirmHostKey?: (prompt: HostKeyPrompt) => Promise<boolean>;
  readonly askPassphrase?: PassphrasePrompt;
  /** Home folder for `~/.ssh`; the OS home unless given. */
  readonly home?: string;
  /** The user's SSH config; `<home>/.ssh/config` unless given. */
  readonly sshConfigPath?: string;
  /** The system-wide SSH config; `/etc/ssh/ssh_config` unless given, null to read none. */
  readonly systemSshConfigPath?: string | null;
  /** Environment for SSH_AUTH_SOCK and local commands; process.env unless given. */
  readonly env?: NodeJS.ProcessEnv;
  readonly logger?: (component: string) => Logger;
}
