import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

export interface FixtureFile {
	base64: string;
	fileName?: string;
	mimeType?: string;
	/** Kept in the item itself (no binary data id), as older n8n modes keep binaries. */
	inline?: boolean;
}

export interface FixtureItem {
	json?: IDataObject;
	binary?: Record<string, FixtureFile>;
}

/**
 * Test-only start node: turns its `items` parameter into items whose files go through
 * n8n's real binary data service, as files from Read/Write Files from Disk would.
 */
export const loadFilesNode: INodeType = {
	description: {
		displayName: 'Load Files',
		name: 'loadFiles',
		group: ['input'],
		version: 1,
		description: 'Test fixture',
		defaults: { name: 'Load Files' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	},

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | FixtureItem[];
		const fixtures = (typeof raw === 'string' ? JSON.parse(raw) : raw) as FixtureItem[];
		const items: INodeExecutionData[] = [];
		for (const [index, fixture] of fixtures.entries()) {
			const item: INodeExecutionData = { json: fixture.json ?? {}, pairedItem: { item: 0 } };
			if (fixture.binary) {
				item.binary = {};
				for (const [name, file] of Object.entries(fixture.binary)) {
					if (file.inline) {
						item.binary[name] = {
							data: file.base64,
							fileName: file.fileName,
							mimeType: file.mimeType ?? 'application/octet-stream',
						};
						continue;
					}
					item.binary[name] = await this.helpers.prepareBinaryData(
						Buffer.from(file.base64, 'base64'),
						file.fileName,
						file.mimeType,
					);
				}
			}
			item.json = { ...item.json, fixtureIndex: index };
			items.push(item);
		}
		return [items];
	},
};
