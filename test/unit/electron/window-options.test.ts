import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  guardWebContents,
  isAppPage,
  isExternalLink,
  windowOptions,
} from '../../../src/main/electron/window-options';

type Listener = (event: { preventDefault(): void }) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  return {
    listeners,
    open: (url: string) => openHandler?.({ url }),
    contents: {
      on(event: string, listener: Listener) {
        listeners.set(event, listener);
      },
      setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
        openHandler = handler;
      },
    },
  };
}

function prevented(listener: Listener | undefined): boolean {
  let result = false;
  listener?.({ preventDefault: () => (result = true) });
  return result;
}

function parsePolicy(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

/** The policy of the meta tag in the page, the only one that applies to a file:// page. */
function pagePolicy(): Map<string, string[]> {
  const page = readFileSync(new URL('../../../src/renderer/index.html', import.meta.url), 'utf8');
  const tags = [
    ...page.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/g),
  ];
  expect(tags).toHaveLength(1);
  return parsePolicy(tags[0]?.[1] ?? '');
}

describe('window security', () => {
  it('isolates and sandboxes the renderer without Node', () => {
    const { webPreferences } = windowOptions('/app/out/preload/index.cjs', {});
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('allows only bundled scripts, no eval and no remote content', () => {
    const directives = parsePolicy(CONTENT_SECURITY_POLICY);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('puts the same policy in the page meta tag', () => {
    const header = parsePolicy(CONTENT_SECURITY_POLICY);
    // A meta tag cannot carry frame-ancestors; the browser ignores it there.
    header.delete('frame-ancestors');
    const page = pagePolicy();
    expect(page.get('object-src')).toEqual(["'none'"]);
    expect(page.get('base-uri')).toEqual(["'none'"]);
    expect(page.get('connect-src')).toEqual(["'self'"]);
    expect(Object.fromEntries(page)).toEqual(Object.fromEntries(header));
  });

  it('blocks navigation, redirects, webviews and new windows', () => {
    const fake = fakeContents();
    const opened: string[] = [];
    guardWebContents(fake.contents as never, (url) => opened.push(url));

    expect(prevented(fake.listeners.get('will-navigate'))).toBe(true);
    expect(prevented(fake.listeners.get('will-redirect'))).toBe(true);
    expect(prevented(fake.listeners.get('will-attach-webview'))).toBe(true);
    expect(fake.open('https://docs.docker.com/')).toEqual({ action: 'deny' });
    expect(fake.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(fake.open('http://example.com/')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.docker.com/']);
  });

  it('opens only https links outside and trusts only the app page', () => {
    expect(isExternalLink('https://example.com')).toBe(true);
    expect(isExternalLink('javascript:alert(1)')).toBe(false);
    expect(isAppPage('file:///opt/app/out/renderer/index.html', undefined)).toBe(true);
    expect(isAppPage('file:///tmp/evil.html', undefined)).toBe(false);
    expect(isAppPage('http://localhost:5173/', undefined)).toBe(false);
    expect(isAppPage('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
  });

  it('is what the main process uses for its window', () => {
    const main = readFileSync(new URL('../../../src/main/index.ts', import.meta.url), 'utf8');
    expect(main).toMatch(/new BrowserWindow\(\s*windowOptions\(/);
    expect(main).toContain('guardWebContents(window.webContents');
    expect(main).toContain("'Content-Security-Policy': [CONTENT_SECURITY_POLICY]");
  });
});
