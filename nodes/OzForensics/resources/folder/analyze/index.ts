import type { Operation } from '../../types';
import { execute } from './execute';
import { analyzeOptions } from './properties';

export { analyzeProperties as properties } from './properties';

export const analyze: Operation = { execute, options: analyzeOptions, paced: true };
