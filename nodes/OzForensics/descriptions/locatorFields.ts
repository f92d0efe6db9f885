import type { INodeProperties } from 'n8n-workflow';

import { OZ_ID } from '../ozApi';

// The pickers of an Oz object: From List (searched in Oz, listSearch/) or By ID.
interface LocatorField {
	displayName: string;
	name: string;
	description: string;
	idPlaceholder: string;
	searchListMethod: string;
	/** The mode a new node starts in: By ID where the ID usually comes from an earlier step. */
	defaultMode: 'list' | 'id';
}

/** An Oz object picked From List (searched in Oz) or given By ID, as n8n's own nodes do. */
function locatorField(field: LocatorField): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'resourceLocator',
		default: { mode: field.defaultMode, value: '' },
		required: true,
		description: field.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${field.displayName.toLowerCase()}...`,
				typeOptions: { searchListMethod: field.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: field.idPlaceholder,
				validation: [
					{
						type: 'regex',
						// The editor checks a typed ID as the node does when it runs.
						properties: { regex: OZ_ID.source, errorMessage: 'Not an Oz ID' },
					},
				],
			},
		],
	};
}

export function folderIdField(description: string): INodeProperties {
	return locatorField({
		displayName: 'Folder',
		name: 'folderId',
		description,
		idPlaceholder: 'e.g. 9b6f8d2e-0000-0000-0000-000000000000',
		searchListMethod: 'searchFolders',
		defaultMode: 'id',
	});
}

export function collectionIdField(): INodeProperties {
	return locatorField({
		displayName: 'Collection',
		name: 'collectionId',
		description:
			'The blacklist collection, e.g. collection_id from Blacklist Collection → Create or Get Many',
		idPlaceholder: 'e.g. 3f1c2a9e-0000-0000-0000-000000000000',
		searchListMethod: 'searchCollections',
		defaultMode: 'list',
	});
}

export function personIdField(): INodeProperties {
	return locatorField({
		displayName: 'Person',
		name: 'personId',
		description:
			'The person in the collection, e.g. person_id from Blacklist Person → Add or a blacklist hit',
		idPlaceholder: 'e.g. 7c2d9a10-0000-0000-0000-000000000000',
		searchListMethod: 'searchPersons',
		defaultMode: 'list',
	});
}
