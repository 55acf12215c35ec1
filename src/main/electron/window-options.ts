import type { BrowserWindowConstructorOptions, WebContents } from 'electron';

/**
 * The window's security settings, kept apart from the code that creates the window so that a
 * test can check them without starting Electron. Only types come from Electron here.
 */

/** The renderer loads only bundled files: no remote content, no inline scripts, no plugins. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export function windowOptions(
  preloadPath: string,
  bounds: Partial<Pick<BrowserWindowConstructorOptions, 'x' | 'y' | 'width' | 'height'>>,
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'Compose Farm Desktop',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/** Only https links leave the app, and they open in the system browser. */
export function isExternalLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

type GuardedContents = Pick<WebContents, 'setWindowOpenHandler'> & {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: { preventDefault(): void }) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
};

/**
 * Blocks navigation away from the bundled renderer, new windows and webviews. Links to https
 * pages go to `openExternal` instead.
 */
export function guardWebContents(
  contents: GuardedContents,
  openExternal: (url: string) => void,
): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Checks that an IPC message comes from the app's own page: the bundled file, or the dev server
 * while developing. Messages from any other page or frame are ignored.
 */
export function isAppPage(frameUrl: string, devServerUrl: string | undefined): boolean {
  if (devServerUrl !== undefined && frameUrl.startsWith(devServerUrl)) return true;
  try {
    const url = new URL(frameUrl);
    return url.protocol === 'file:' && url.pathname.endsWith('/renderer/index.html');
  } catch {
    return false;
  }
}
