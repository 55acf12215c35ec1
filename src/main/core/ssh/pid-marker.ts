/**
 * The remote process id of a command, announced on stderr before the command starts. sshd
 * refuses channel `signal` requests for root logins (the session runs in its monitor), so a
 * command is stopped from a second channel with `kill` on its process group, whose id is the
 * announced one: sshd starts each session in a new session and process group.
 */

const MARKER = '\x1ecf-pid:';
// The record separator (0x1e) frames the marker; built with RegExp to keep it visible.
const MARKER_PATTERN = new RegExp(`${MARKER}(\\d+)\x1e\n`);
/** Stderr kept back while waiting for the marker; beyond this it is passed on unchanged. */
const MAX_HELD_BYTES = 64 * 1024;

/** Finds where a marker may be starting in `text`; returns its length when none can be. */
function markerStart(text: string): number {
  for (let index = text.indexOf('\x1e'); index >= 0; index = text.indexOf('\x1e', index + 1)) {
    const tail = text.slice(index);
    if (tail.startsWith(MARKER) || MARKER.startsWith(tail)) return index;
  }
  return text.length;
}

/** Shell text that prints the marker with the shell's pid, to put before the command line. */
export const PID_MARKER_PROLOGUE = `printf '\\036cf-pid:%s\\036\\n' "$$" >&2; `;

/**
 * Removes the marker line from the start of stderr and remembers the pid. Bytes around the
 * marker are passed on in order.
 */
export class PidMarkerFilter {
  pid: number | undefined;
  private held: Buffer[] = [];
  private done = false;

  constructor(private readonly forward: (chunk: Buffer) => void) {}

  push(chunk: Buffer): void {
    if (this.done) return this.forward(chunk);
    const all = Buffer.concat([...this.held, chunk]);
    const text = all.toString('latin1');
    const match = MARKER_PATTERN.exec(text);
    if (match) {
      this.pid = Number(match[1]);
      this.release([all.subarray(0, match.index), all.subarray(match.index + match[0].length)]);
      return;
    }
    if (all.length > MAX_HELD_BYTES) return this.release([all]);
    // Output before the marker (from a login script, say) passes on; only a possible start
    // of the marker is held back.
    const keepFrom = markerStart(text);
    if (keepFrom > 0) this.forward(all.subarray(0, keepFrom));
    this.held = keepFrom < all.length ? [all.subarray(keepFrom)] : [];
  }

  /** Passes on whatever is still held; call when the stream ends. */
  end(): void {
    if (!this.done) this.release([Buffer.concat(this.held)]);
  }

  private release(chunks: Buffer[]): void {
    this.done = true;
    this.held = [];
    for (const chunk of chunks) if (chunk.length > 0) this.forward(chunk);
  }
}
