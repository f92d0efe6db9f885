import type { ItemParameters } from '../../request/parameters';

/** Which person: Oz addresses a person within its collection. */
export interface PersonRef {
	collectionId: string;
	personId: string;
}

export function readPersonRef(parameters: ItemParameters): PersonRef {
	return {
		collectionId: parameters.id('collectionId', 'Collection ID'),
		personId: parameters.id('personId', 'Person ID'),
	};
}
