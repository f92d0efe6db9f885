import type { Operation } from '../../types';
import { execute } from './execute';

export { analyzeProperties as properties } from './properties';

export const analyze: Operation = { execute, paced: true };
