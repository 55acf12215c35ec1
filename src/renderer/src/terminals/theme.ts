import type { ITheme } from '@xterm/xterm';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** ANSI colours chosen to stay readable on the app's own light and dark backgrounds. */
const LIGHT: ITheme = {
  background: '#fbfcfd',
  foreground: '#1b2230',
  cursor: '#2459d8',
  cursorAccent: '#fbfcfd',
  selectionBackground: '#b9ccf5',
  black: '#1b2230',
  red: '#b42323',
  green: '#17803d',
  yellow: '#8a5a00',
  blue: '#2459d8',
  magenta: '#8e3bb5',
  cyan: '#0b7285',
  white: '#8a93a3',
  brightBlack: '#5d6778',
  brightRed: '#d23c3c',
  brightGreen: '#23994f',
  brightYellow: '#a86f00',
  brightBlue: '#3b6ff0',
  brightMagenta: '#a652cf',
  brightCyan: '#1098ad',
  brightWhite: '#b5bcc8',
};

const DARK: ITheme = {
  background: '#0c1015',
  foreground: '#e4e8ee',
  cursor: '#8db4ff',
  cursorAccent: '#0c1015',
  selectionBackground: '#2d4a7a',
  black: '#2a313c',
  red: '#f27474',
  green: '#4ccf7a',
  yellow: '#f0b454',
  blue: '#6d9dfb',
  magenta: '#c792ea',
  cyan: '#5ccfe6',
  white: '#c8cfd9',
  brightBlack: '#6b7585',
  brightRed: '#ff8f8f',
  brightGreen: '#6fe39a',
  brightYellow: '#ffcb70',
  brightBlue: '#8db4ff',
  brightMagenta: '#dcb0f5',
  brightCyan: '#7fe0f0',
  brightWhite: '#ffffff',
};

export function terminalTheme(): ITheme {
  return window.matchMedia(DARK_QUERY).matches ? DARK : LIGHT;
}

/** Calls `onChange` when the system switches between light and dark; returns the unsubscribe. */
export function watchTheme(onChange: () => void): () => void {
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}
