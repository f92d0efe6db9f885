export { analyzeProperties as properties } from './properties';
export { execute } from './execute';
