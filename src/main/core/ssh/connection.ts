/**
 * One SSH connection per host, shared by every command and terminal on it: opened on first
 * use, reopened after a drop, and with the number of open channels kept below what sshd
 * allows (MaxSessions). A refused channel waits for a free slot and tries again.
 */
import type { Client, ClientChannel } from 'ssh2';

import { channelRefusedError, connectionLostError } from '../executor/errors';
import type { ExecError, Logger, Outcome } from '../executor/types';
import type { Connected, ConnectOptions } from './connect';
import { connectTarget } from './connect';

/** Refusals in a row, with no channel of ours open, before a command is reported as failed. */
const MAX_REFUSALS = 20;
/** A limit learned from a refusal is forgotten after this long without another one. */
const LEARNED_LIMIT_MS = 30_000;

export interface ChannelLease {
  readonly channel: ClientChannel;
  /** Frees the slot; call once, when the channel has closed. */
  release(): void;
  /** Registers a callback for a dropped connection; returns the unregister function. */
  onLost(listener: (error: ExecError) => void): () => void;
}

export type ChannelOpener = (
  client: Client,
  callback: (error: Error | undefined, channel: ClientChannel) => void,
) => void;

function isRefusal(error: Error & { reason?: number }): boolean {
  // Reason 1 is SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, the reply sshd sends beyond MaxSessions.
  return error.reason === 1 || /open failed|channel open failure/i.test(error.message);
}

function isClosedConnection(error: Error): boolean {
  return /not connected|no response from server|connection lost/i.test(error.message);
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export class SshConnection {
  private current: { connected: Connected; dropped: boolean } | undefined;
  private connecting: Promise<Outcome<Connected>> | undefined;
  private open = 0;
  private learnedLimit: number | undefined;
  private lastRefusal = 0;
  private readonly waiters = new Set<() => void>();
  private readonly lostListeners = new Set<(error: ExecError) => void>();

  constructor(
    readonly host: string,
    private readonly connectOptions: () => Outcome<ConnectOptions>,
    private readonly maxChannels: number,
    private readonly logger: Logger,
  ) {}

  /** Returns the connection, opening it (or reopening it after a drop) when needed. */
  async connect(signal?: AbortSignal): Promise<Outcome<Connected>> {
    if (this.current && !this.current.dropped) return { ok: true, value: this.current.connected };
    if (this.connecting === undefined) {
      const options = this.connectOptions();
      if (!options.ok) return options;
      this.connecting = connectTarget(options.value).then((outcome) => {
        this.connecting = undefined;
        if (outcome.ok) this.adopt(outcome.value);
        return outcome;
      });
    }
    if (signal === undefined) return this.connecting;
    // One caller giving up must not abort the connection others are waiting for.
    const abandoned = new Promise<Outcome<Connected>>((resolve) => {
      const onAbort = () =>
        resolve({
          ok: false,
          error: {
            code: 'cancelled',
            host: this.host,
            message: `Connecting to ${this.host} was cancelled.`,
            hint: 'Connect again when needed.',
          },
        });
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    return Promise.race([this.connecting, abandoned]);
  }

  /** Opens a channel in a free slot, retrying while sshd refuses for lack of sessions. */
  async openChannel(
    opener: ChannelOpener,
    signal?: AbortSignal,
    options: { urgent?: boolean } = {},
  ): Promise<Outcome<ChannelLease>> {
    let refusals = 0;
    let reconnected = false;
    for (;;) {
      if (!(await this.acquire(signal, options.urgent === true)))
        return { ok: false, error: this.cancelled() };
      const connected = await this.connect(signal);
      if (!connected.ok) {
        this.releaseSlot();
        return connected;
      }
      const opened = await new Promise<Outcome<ClientChannel> | Error>((resolve) => {
        try {
          opener(connected.value.client, (error, channel) =>
            resolve(error ? error : { ok: true, value: channel }),
          );
        } catch (error) {
          resolve(error instanceof Error ? error : new Error(String(error)));
        }
      });
      if (!(opened instanceof Error) && opened.ok) {
        return { ok: true, value: this.lease(opened.value) };
      }
      this.releaseSlot();
      const error = opened instanceof Error ? opened : new Error('channel open failed');

      if (isRefusal(error)) {
        refusals++;
        this.learnedLimit = Math.max(1, this.open);
        this.lastRefusal = Date.now();
        this.logger.debug(
          `${this.host} refused a channel with ${this.open} open; limit now ${this.learnedLimit}`,
        );
        if (refusals >= MAX_REFUSALS && this.open === 0) {
          return { ok: false, error: channelRefusedError(this.host, refusals, error.message) };
        }
        await delay(Math.min(1000, 25 * refusals), signal);
        continue;
      }
      if (isClosedConnection(error) && !reconnected) {
        reconnected = true;
        this.markDropped(error.message);
        continue;
      }
      return { ok: false, error: connectionLostError(this.host, error.message) };
    }
  }

  /** Ends the connection; commands on it end with `connection-lost`. */
  close(): void {
    const current = this.current;
    if (!current) return;
    current.dropped = true;
    current.connected.client.end();
    for (const jump of current.connected.jumps) jump.end();
  }

  private adopt(connected: Connected): void {
    const state = { connected, dropped: false };
    this.current = state;
    this.learnedLimit = undefined;
    const lost = (cause: string) => {
      if (this.current === state) this.markDropped(cause);
    };
    connected.client.on('close', () => lost('the connection closed'));
    connected.client.on('error', (error) => lost(error.message));
    for (const jump of connected.jumps) {
      jump.on('close', () => lost('the jump host connection closed'));
      jump.on('error', (error) => lost(error.message));
    }
  }

  private markDropped(cause: string): void {
    const current = this.current;
    if (!current || current.dropped) {
      this.current = undefined;
      return;
    }
    current.dropped = true;
    this.current = undefined;
    this.logger.warn(`connection to ${this.host} dropped: ${cause}`);
    current.connected.client.end();
    for (const jump of current.connected.jumps) jump.end();
    const error = connectionLostError(this.host, cause);
    for (const listener of [...this.lostListeners]) listener(error);
  }

  private limit(): number {
    if (this.learnedLimit !== undefined && Date.now() - this.lastRefusal > LEARNED_LIMIT_MS) {
      this.learnedLimit = undefined;
    }
    return Math.min(this.maxChannels, this.learnedLimit ?? this.maxChannels);
  }

  /**
   * Takes a channel slot. An urgent request (stopping a command) goes past the cap: the
   * commands it stops may hold every slot, and sshd's MaxSessions leaves a little room.
   */
  private acquire(signal: AbortSignal | undefined, urgent: boolean): Promise<boolean> {
    return new Promise((resolve) => {
      const attempt = () => {
        if (signal?.aborted) {
          this.waiters.delete(attempt);
          resolve(false);
          return true;
        }
        if (urgent || this.open < this.limit()) {
          this.waiters.delete(attempt);
          this.open++;
          resolve(true);
          return true;
        }
        return false;
      };
      if (attempt()) return;
      this.waiters.add(attempt);
      signal?.addEventListener('abort', () => attempt(), { once: true });
    });
  }

  private releaseSlot(): void {
    this.open--;
    for (const waiter of [...this.waiters]) {
      if (this.open >= this.limit()) break;
      waiter();
    }
  }

  private lease(channel: ClientChannel): ChannelLease {
    let released = false;
    return {
      channel,
      release: () => {
        if (released) return;
        released = true;
        this.releaseSlot();
      },
      onLost: (listener) => {
        this.lostListeners.add(listener);
        return () => this.lostListeners.delete(listener);
      },
    };
  }

  private cancelled(): ExecError {
    return {
      code: 'cancelled',
      host: this.host,
      message: `The command on ${this.host} was cancelled before it started.`,
      hint: 'Run it again when needed.',
    };
  }
}
