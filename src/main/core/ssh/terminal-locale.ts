/**
 * The locale variables a terminal requests from sshd. Like Debian's `SendEnv LANG LC_*`, the
 * local LANG and LC_* go along; sshd keeps those its AcceptEnv allows and drops the rest.
 * The terminal on this side always speaks UTF-8, so when the local settings name another
 * character set, or none at all (an app started from a desktop often has no LANG), the remote
 * shell gets LANG=C.UTF-8 instead. Otherwise a shell in the C locale reads each byte of a typed
 * "é" as a key of its own.
 */
export type LocaleEnv = Readonly<Record<string, string>>;

const UTF8 = /\.utf-?8(@|$)/i;
const FALLBACK = 'C.UTF-8';

function isLocaleName(name: string): boolean {
  return name === 'LANG' || name.startsWith('LC_');
}

/** Returns the locale that sets the character set: LC_ALL, then LC_CTYPE, then LANG. */
function characterLocale(env: LocaleEnv): string | undefined {
  for (const name of ['LC_ALL', 'LC_CTYPE', 'LANG']) {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** Returns the LANG and LC_* to request for a terminal, given the local environment. */
export function terminalLocale(env: Readonly<Record<string, string | undefined>>): LocaleEnv {
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (isLocaleName(name) && value !== undefined && value !== '') sent[name] = value;
  }
  const ctype = characterLocale(sent);
  if (ctype !== undefined && UTF8.test(ctype)) return sent;
  // LC_ALL and LC_CTYPE would override LANG, so a non-UTF-8 value of either goes too.
  delete sent.LC_ALL;
  delete sent.LC_CTYPE;
  if (sent.LANG !== undefined && UTF8.test(sent.LANG)) return sent;
  return { ...sent, LANG: FALLBACK };
}
