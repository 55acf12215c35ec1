export {
  DIGEST_LOG_FILE_NAME,
  DigestLogError,
  compareEntries,
  logTimestamp,
  parseDigestLog,
  serializeDigestLog,
  type DigestLog,
  type DigestLogEntry,
} from './format';
export {
  digestLogPath,
  mergeDigestLog,
  readDigestLog,
  recordDigests,
  stackHistory,
  type ObservedDigest,
} from './log';
export {
  DIGEST_QUERY_COMMAND,
  DIGEST_QUERY_SEPARATOR,
  parseDigestQueryOutput,
  type DigestObservation,
} from './query';
