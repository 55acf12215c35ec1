import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { loadWindowBounds, saveWindowBounds } from './electron/window-state';
import {
  CONTENT_SECURITY_POLICY,
  guardWebContents,
  isAppPage,
  windowOptions,
} from './electron/window-options';
import { forwardEvents, registerIpcHandlers } from './ipc';
import type { AppServices } from './services';
import { createAppServices, createLogger } from './services';

const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

function createWindow(services: AppServices): BrowserWindow {
  const bounds = loadWindowBounds(app.getPath('userData'));
  const window = new BrowserWindow(
    windowOptions(join(import.meta.dirname, '../preload/index.cjs'), bounds),
  );

  window.once('ready-to-show', () => window.show());
  window.on('close', () => saveWindowBounds(app.getPath('userData'), window.getBounds()));
  guardWebContents(window.webContents, (url) => void shell.openExternal(url));
  forwardEvents(window.webContents, services);

  if (devServerUrl !== undefined) {
    void window.loadURL(devServerUrl);
  } else {
    void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  }
  return window;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const services = createAppServices({
    cwd: process.cwd(),
    env: process.env,
    log: createLogger('main'),
  });

  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window === undefined) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  void app.whenReady().then(() => {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
        },
      });
    });
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
      callback(false),
    );
    registerIpcHandlers(ipcMain, services, {
      isTrustedFrame: (url) => isAppPage(url, devServerUrl),
    });
    createWindow(services);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow(services);
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => services.dispose());
}
