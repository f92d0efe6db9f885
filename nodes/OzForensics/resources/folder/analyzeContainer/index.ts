/** Folder → Analyze Container: an OzCapsula container forwarded as it is (page "OzCapsula Data Container"). */
export { description } from './properties';
export { execute } from './execute';

export const paced = true;
// Retry On Fail returns an earlier try's result: a container is never sent twice.
export const createsAtOz = true;
