// Folder → Analyze Container: an OzCapsula container forwarded as it is (page "OzCapsula Data Container").
import type { Operation } from '../../types';
import { execute } from './execute';
import { description } from './properties';

export const operation = {
	description,
	execute,
	paced: true,
	// Retry On Fail returns an earlier try's result: a container is never sent twice.
	createsAtOz: true,
} satisfies Operation;
