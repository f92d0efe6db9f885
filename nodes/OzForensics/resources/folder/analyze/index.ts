import { execute } from './execute';
import { analyzeOptions, analyzeProperties } from './properties';
import type { Operation } from '../../types';

export const properties = analyzeProperties;

export const analyze: Operation = { execute, options: analyzeOptions, paced: true, createsAtOz: true };
