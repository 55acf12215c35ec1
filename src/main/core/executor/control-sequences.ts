/**
 * Terminal control sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or `ESC ] … ESC \`), and
 * the two-byte escapes. docker compose writes some even when its output is not a terminal
 * (compose 2.26 starts every `logs` line with `ESC[2K`), and such bytes must not reach text that
 * is kept, piped or shown as plain lines.
 */
const CONTROL_SEQUENCE =
  // eslint-disable-next-line no-control-regex -- matching escape bytes is the point
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;

/** Other C0 controls that have no place in a line of text (tab is kept). */
// eslint-disable-next-line no-control-regex -- matching control bytes is the point
const STRAY_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Returns `text` without terminal control sequences and stray control characters. */
export function stripControlSequences(text: string): string {
  return text.replace(CONTROL_SEQUENCE, '').replace(STRAY_CONTROLS, '');
}
