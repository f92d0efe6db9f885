/** Folder → Analyze: its fields (properties.ts), its item (execute.ts) and the send path (sendOnce.ts). */
export { description } from './properties';
export { execute } from './execute';

export const paced = true;
