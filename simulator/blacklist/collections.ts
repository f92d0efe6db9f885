import { randomUUID } from 'node:crypto';

import type { FolderContext } from '../oz/folders';
import { storeMedia } from '../oz/folders';
import type { ReceivedForm } from '../server/multipart';
import { OzError, OzErrorCode } from '../oz/ozError';
import { invalid, isObject, readPayload } from '../oz/payload';
import type { Json, StoredCollection, StoredPerson } from '../types';

/*
 * Page "Collection (1:N) Management in Oz API": find the company, create a collection, add
 * persons with photos (multipart like the single request, with "person:meta_data"), add more
 * photos, read them. GUESS(blacklist): the answers' shapes, the companies, deleting, matching.
 */

const COMPANIES: Json[] = [
	{ company_id: '5a1e0000-0000-4000-8000-00000000c0de', name: 'Oz Demo Bank' },
	{ company_id: '5a1e0000-0000-4000-8000-00000000c0df', name: 'Oz Demo Bank Europe' },
	{ company_id: '5a1e0000-0000-4000-8000-00000000c0e0', name: 'Northwind Telecom' },
];

/** GET /api/companies/?search_text=…: companies whose name contains the text. */
export function searchCompanies(text: string | undefined): Json[] {
	const needle = (text ?? '').toLowerCase();
	return COMPANIES.filter((company) => String(company.name).toLowerCase().includes(needle));
}

/** POST /api/collections/ with {"alias", "company_id"}: answers the collection with its collection_id. */
export function createCollection(ctx: FolderContext, body: unknown): Json {
	if (!isObject(body) || typeof body.alias !== 'string' || typeof body.company_id !== 'string') {
		throw invalid(OzErrorCode.INVALID_STRUCTURE, 'A collection needs "alias" and "company_id"');
	}
	if (!COMPANIES.some((company) => company.company_id === body.company_id)) {
		throw new OzError(
			404,
			OzErrorCode.NOT_EXIST,
			`Company ${String(body.company_id)} does not exist`,
		);
	}
	const now = Date.now() / 1000;
	const json: Json = {
		collection_id: randomUUID(),
		alias: body.alias,
		company_id: body.company_id,
		time_created: now,
		time_updated: now,
		meta_data: {},
	};
	ctx.store.collections.set(json.collection_id as string, { json, persons: new Map() });
	return json;
}

export function getCollection(ctx: FolderContext, collectionId: string): StoredCollection {
	const collection = ctx.store.collections.get(collectionId);
	if (!collection)
		throw new OzError(404, OzErrorCode.NOT_EXIST, `Collection ${collectionId} does not exist`);
	return collection;
}

export function getPerson(
	ctx: FolderContext,
	collectionId: string,
	personId: string,
): StoredPerson {
	const person = getCollection(ctx, collectionId).persons.get(personId);
	if (!person)
		throw new OzError(
			404,
			OzErrorCode.NOT_EXIST,
			`Person ${personId} does not exist in collection ${collectionId}`,
		);
	return person;
}

/**
 * PATCH …/persons/{person_id}/meta_data: the flat object's keys set or changed, the others kept
 * (page "Metadata"). Answers the person's metadata.
 */
export function patchPersonMetadata(
	ctx: FolderContext,
	collectionId: string,
	personId: string,
	body: unknown,
): Json {
	const person = getPerson(ctx, collectionId, personId);
	if (!isObject(body)) throw invalid(OzErrorCode.INVALID_TYPE, 'Metadata must be a JSON object');
	const current = isObject(person.json.meta_data) ? person.json.meta_data : {};
	person.json.meta_data = { ...current, ...body };
	return person.json.meta_data as Json;
}

export function personView(person: StoredPerson): Json {
	return { ...person.json, images: person.images.map((image) => image.json) };
}

function addImages(
	ctx: FolderContext,
	collectionId: string,
	person: StoredPerson,
	form: ReceivedForm,
): Json[] {
	const payload = readPayload(form);
	if (form.files.length === 0)
		throw invalid(OzErrorCode.INVALID_STRUCTURE, 'Add at least one photo');
	const images = storeMedia(
		ctx,
		{ folder_id: null, collection_id: collectionId, person_id: person.json.person_id },
		form,
		payload,
		true,
	);
	person.images.push(...images);
	return images.map((image) => image.json);
}

/** POST /api/collections/{id}/persons/: photos plus a payload with "media:tags" and "person:meta_data". */
export function addPerson(ctx: FolderContext, collectionId: string, form: ReceivedForm): Json {
	const collection = getCollection(ctx, collectionId);
	const raw = JSON.parse(form.fields.payload ?? '{}') as Json;
	const meta = raw['person:meta_data'] ?? {};
	if (!isObject(meta))
		throw invalid(OzErrorCode.INVALID_TYPE, '"person:meta_data" must be an object');
	const now = Date.now() / 1000;
	const person: StoredPerson = {
		json: {
			person_id: randomUUID(),
			collection_id: collectionId,
			meta_data: meta,
			time_created: now,
			time_updated: now,
		},
		images: [],
	};
	addImages(ctx, collectionId, person, form);
	collection.persons.set(person.json.person_id as string, person);
	return personView(person);
}

/** POST /api/collections/{id}/persons/{person_id}/images/: more photos of the same person. */
export function addPersonImages(
	ctx: FolderContext,
	collectionId: string,
	personId: string,
	form: ReceivedForm,
): Json[] {
	return addImages(ctx, collectionId, getPerson(ctx, collectionId, personId), form);
}

/** The persons whose photos have the same bytes as the file: the simulator's face match (identical bytes). */
export function matchingPersons(
	ctx: FolderContext,
	collectionId: string,
	data: Buffer,
): StoredPerson[] {
	const collection = ctx.store.collections.get(collectionId);
	if (!collection) return [];
	return [...collection.persons.values()].filter((person) =>
		person.images.some((image) => image.data.equals(data)),
	);
}
