/*
 * A second process for the lock tests, run with `node --import tsx`:
 *   hold FILE            take the lock on FILE, print "locked", release when stdin closes
 *   add FILE PREFIX N    add stacks PREFIX-0 .. PREFIX-(N-1) to FILE, one locked update each
 */
import { acquireStateLock } from '../../../src/main/core/state/lock';
import { updateState } from '../../../src/main/core/state/update';
import { setStackHost } from '../../../src/main/core/state/deployments';

const [mode, file, prefix, count] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: lock-holder hold|add FILE [PREFIX N]');

if (mode === 'hold') {
  const lock = await acquireStateLock(file);
  process.stdout.write('locked\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    void lock.release().then(() => process.exit(0));
  });
} else if (mode === 'add') {
  for (let index = 0; index < Number(count); index++) {
    await updateState(file, (state) => setStackHost(state, `${prefix}-${index}`, prefix ?? ''), {
      timeoutMs: 30_000,
      retryMs: 5,
    });
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
