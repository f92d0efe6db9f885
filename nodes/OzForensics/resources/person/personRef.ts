import type { ItemParameters } from '../../input/parameters';

/** Which person: Oz addresses a person within its collection. */
export interface PersonRef {
	collectionId: string;
	personId: string;
}

export function readPersonRef(parameters: ItemParameters): PersonRef {
	return {
		collectionId: parameters.pickedId('collectionId', 'Collection'),
		personId: parameters.pickedId('personId', 'Person'),
	};
}
