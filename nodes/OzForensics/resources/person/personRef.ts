import { collectionIdField, personIdField } from '../../descriptions/locatorFields';
import type { ItemParameters } from '../../input/parameters';

/** Which person: Oz addresses a person within its collection. */
export interface PersonRef {
	collectionId: string;
	personId: string;
}

/** The Collection and Person pickers every operation on one person starts with. */
export const personRefFields = () => [collectionIdField(), personIdField()];

export function readPersonRef(parameters: ItemParameters): PersonRef {
	return {
		collectionId: parameters.pickedId('collectionId', 'Collection'),
		personId: parameters.pickedId('personId', 'Person'),
	};
}
