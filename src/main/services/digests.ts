import { failed, ok } from '../../shared/contract';
import { DigestLogError, digestLogPath, readDigestLog, stackHistory } from '../core/digest-log';
import type { ConfigSession } from './config-session';
import type { Handlers } from './dispatcher';

type DigestHandlers = Pick<Handlers, 'digests.history'>;

/**
 * Reads the digest log that `cf refresh` writes beside the config. A stack no longer in the
 * config still has its history, so any stack name is looked up.
 */
export function digestHandlers(session: ConfigSession): DigestHandlers {
  return {
    'digests.history': async ({ stack }) => {
      const farm = await session.farm();
      if (!farm.ok) return farm;
      const logPath = digestLogPath(farm.value.config.path);
      let log;
      try {
        log = await readDigestLog(logPath);
      } catch (error) {
        if (error instanceof DigestLogError) {
          // The message already tells how to fix or replace the file.
          return failed('file-access', error.message, '', { stack });
        }
        const reason = error instanceof Error ? error.message : String(error);
        return failed(
          'file-access',
          `Cannot read the digest log ${logPath}: ${reason}.`,
          'Check that the file is readable by the user running the app.',
          { stack },
        );
      }
      const entries = stackHistory(log, stack).map((entry) => ({
        host: entry.host,
        image: entry.image,
        digest: entry.digest,
        composeFile: entry.composeFile,
        firstSeen: entry.firstSeen,
        lastSeen: entry.lastSeen,
      }));
      return ok({ logPath, entries });
    },
  };
}
