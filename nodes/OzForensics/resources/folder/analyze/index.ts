// Folder → Analyze: its fields (properties.ts), its item (execute.ts) and the send path (sendOnce.ts).
import type { Operation } from '../../types';
import { execute } from './execute';
import { description } from './properties';

export const operation = { description, execute, paced: true } satisfies Operation;
