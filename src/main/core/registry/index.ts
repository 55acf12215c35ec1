export {
  DOCKER_HUB,
  familiarName,
  isLoopbackRegistry,
  parseImageReference,
  registryBaseUrl,
  registryHostname,
  type ImageReference,
  type ReferenceParseResult,
} from './reference';
export { compareVersions, newerTags, parseTagVersion, type TagVersion } from './version';
