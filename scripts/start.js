#!/usr/bin/env node
// `npm start`: builds the app, then opens the desktop window. Where the Electron binary is
// missing (its download is blocked or was skipped), the same app is served to the browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const extraArgs = process.argv.slice(2);

function build() {
  console.log('Building the app (electron-vite build)…');
  const result = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) {
    console.error(
      'The build failed; the messages above say where. Fix them and run `npm start` again.',
    );
    process.exit(result.status ?? 1);
  }
}

/**
 * Returns the Electron executable, or undefined when the package is installed without its
 * binary. The lookup matches the electron package's own, minus its download fallback.
 */
function electronBinary() {
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  const binary = join(distDir, name === '' ? 'electron' : name);
  return name !== '' && existsSync(binary) ? binary : undefined;
}

/** Runs a child in the foreground: Ctrl+C reaches it, and its exit code becomes ours. */
function runForeground(command, args) {
  // npm runs scripts in the package folder; the config is searched where `npm start` was typed.
  const child = spawn(command, args, {
    cwd: process.env.INIT_CWD ?? process.cwd(),
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
  child.on('error', (error) => {
    console.error(`Cannot start ${command}: ${error.message}`);
    process.exit(1);
  });
}

/**
 * Electron downloads its binary on first launch. Returns the binary, fetching it first when it is
 * missing; undefined when the download fails (no internet, a proxy in the way).
 */
function ensureElectronBinary() {
  const found = electronBinary();
  if (found !== undefined) return found;
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  console.log('Downloading the Electron binary (first start)…');
  const result = spawnSync(process.execPath, [join(packageDir, 'install.js')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  return result.status === 0 ? electronBinary() : undefined;
}

/**
 * node-pty is a native module built for Node, which the CLI and the tests use. Electron needs
 * it built against its own headers, so it is rebuilt for Electron before the window starts and
 * for Node again after the window closes.
 */
function rebuildNativeModules(target) {
  const command =
    target === 'electron'
      ? [join(root, 'node_modules', '.bin', 'electron-builder'), ['install-app-deps']]
      : ['npm', ['rebuild', 'node-pty', 'ssh2', 'cpu-features']];
  const result = spawnSync(command[0], command[1], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`Rebuilding the native modules for ${target} failed; see the messages above.`);
  }
}

build();
const electron = ensureElectronBinary();
if (electron !== undefined) {
  rebuildNativeModules('electron');
  process.on('exit', () => rebuildNativeModules('node'));
  runForeground(electron, [root, ...extraArgs]);
} else {
  console.log(
    'The Electron binary could not be downloaded, so the app opens in your browser via `cf serve --open` instead.',
  );
  runForeground(process.execPath, [join(root, 'bin', 'cf.js'), 'serve', '--open', ...extraArgs]);
}
