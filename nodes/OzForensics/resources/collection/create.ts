import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { OzInputError } from '../../input/inputError';
import { ItemParameters } from '../../input/parameters';
import { itemsFor } from '../../output/items';
import { paths } from '../../ozApi';
import { OzClient } from '../../transport/client';
import type { Operation } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Alias',
		name: 'alias',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. blacklist',
		description: 'The name of the collection',
	},
	{
		displayName: 'Company',
		name: 'companyBy',
		type: 'options',
		options: [
			{ name: 'By ID', value: 'id' },
			{
				name: 'By Name',
				value: 'name',
				description: 'The node looks the company up by (part of) its name',
			},
		],
		default: 'id',
	},
	{
		displayName: 'Company ID',
		name: 'companyId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 5a1e0000-0000-4000-8000-00000000c0de',
		description: 'The company the collection belongs to',
		displayOptions: { show: { companyBy: ['id'] } },
	},
	{
		displayName: 'Company Name',
		name: 'companyName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Oz Demo Bank',
		description:
			'The company the collection belongs to, by its name or a part of it that only it has',
		displayOptions: { show: { companyBy: ['name'] } },
	},
];

const description = updateDisplayOptions(
	{ show: { resource: ['collection'], operation: ['create'] } },
	properties,
);

/** Either companyId or companyName is set, after Company: By ID or By Name. */
interface CreateCollectionInput {
	alias: string;
	companyId?: string;
	companyName?: string;
}

function readInput(parameters: ItemParameters): CreateCollectionInput {
	const alias = parameters.string('alias').trim();
	if (!alias)
		throw new OzInputError(
			'"Alias" is empty',
			'Alias',
			'Enter a name for the collection, e.g. blacklist',
		);
	const byName = parameters.string('companyBy', 'id') === 'name';
	return {
		alias,
		companyId: byName ? undefined : parameters.id('companyId', 'Company ID'),
		companyName: byName ? parameters.string('companyName').trim() : undefined,
	};
}

/** Page "Collection (1:N) Management in Oz API": GET /api/companies/?search_text=NAME → company_id. */
async function findCompany(client: OzClient, name: string): Promise<string> {
	if (!name)
		throw new OzInputError(
			'"Company Name" is empty',
			'Company Name',
			'Enter the company name, or choose Company: By ID',
		);
	const found = await client.list(paths.companies, 'company_id', {
		qs: { search_text: name },
		matches: () => true,
		// One page: more than a page of matches is ambiguous anyway.
		limit: 20,
		maxPages: 1,
	});
	const exact = found.filter(
		(company) => String(company.name).toLowerCase() === name.toLowerCase(),
	);
	const matches = exact.length === 1 ? exact : found;
	if (matches.length === 1 && typeof matches[0].company_id === 'string')
		return matches[0].company_id;
	if (matches.length === 0) {
		throw new OzInputError(
			`No Oz company matches "${name}"`,
			'Company Name',
			'Check the name with your Oz administrator, or enter the Company ID',
		);
	}
	const names = matches
		.map((company: IDataObject) => `"${String(company.name)}" (${String(company.company_id)})`)
		.join(', ');
	throw new OzInputError(
		`"${name}" matches ${matches.length} companies: ${names}`,
		'Company Name',
		'Enter the full name of one of them, or its Company ID',
	);
}

/** Blacklist Collection → Create: POST /api/collections/ with {"alias", "company_id"}. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const input = readInput(new ItemParameters(this, itemIndex));
	const client = new OzClient(this, itemIndex);
	const companyId = input.companyId ?? (await findCompany(client, input.companyName ?? ''));
	const collection = await client.object({
		method: 'POST',
		path: paths.collections,
		body: { alias: input.alias, company_id: companyId },
	});
	return itemsFor(this, itemIndex, collection);
}

export const operation = { description, execute, createsAtOz: true } satisfies Operation;
