// The matching lives in src/shared so that the renderer can suggest names too.
export { closestName, didYouMean, editDistance } from '../../../shared/suggest';
