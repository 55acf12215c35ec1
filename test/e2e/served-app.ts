import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser';
import type { ServedFarm } from './serve';
import { serveFarm } from './serve';

/** Chromium and a `cf serve` that a test file shares; set once its beforeAll has run. */
export interface ServedApp {
  browser: Browser;
  farm: ServedFarm;
}

/** Starts Chromium and `cf serve` on `files` before the file's tests, and stops both after. */
export function useServedApp(files: Readonly<Record<string, string>>): ServedApp {
  const app = {} as ServedApp;
  beforeAll(async () => {
    [app.browser, app.farm] = await Promise.all([launchBrowser(), serveFarm(files)]);
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.farm?.stop();
  });
  return app;
}
