import type {
	EngineRequest,
	EngineResponse,
	IConnections,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeInputConfiguration,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
	IWorkflowSettings,
	NodeConnectionType,
} from 'n8n-workflow';
import { NodeConnectionTypes, Workflow, deepCopy } from 'n8n-workflow';

import { OzForensics } from '../../nodes/OzForensics/OzForensics.node';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow } from '../support/workflows';
import { LOAD_FILES_TYPE, nodeTypes, OZ_NODE_TYPE, runWorkflow } from './harness';

/*
 * The node called as an AI agent's tool, through n8n-core's real engine.
 *
 * n8n serves a node that is `usableAsTool` as a second type, its name plus "Tool": the node
 * itself with a description whose only output is ai_tool (n8n 2.41 packages/cli,
 * tool-generation/ai-tools.ts `convertNodeToAiTool` and node-types.ts `getByNameAndVersion`;
 * n8n 1.123 LoadNodesAndCredentials.convertNodeToAiTool). n8n-core then runs it one of two ways:
 * - as a sub-node: the agent asks getInputConnectionData for its tools and calls one; n8n-core
 *   (get-input-connection-data.ts, makeHandleToolInvocation) calls execute() in a
 *   SupplyDataContext whose one input item is the call's arguments (Tools Agent before V3,
 *   the MCP Server Trigger);
 * - as an engine request: the agent answers with the calls it wants, and WorkflowExecute runs
 *   the tool node as a node of its own, the call's JSON its one item, the node marked
 *   `rewireOutputLogTo: ai_tool` (requests-response.ts; n8n 2.x's Agent V3).
 * Neither input carries binary data: the upload operations must say so.
 */

const { credentials } = useOzSimulator('tool-call');

const TOOL_TYPE = `${OZ_NODE_TYPE}Tool`;
const AGENT = 'Agent';
const TOOL = 'Oz Tool';

/** The tool variant as n8n builds it: the same node, its own name, ai_tool as its only output. */
function asTool(base: INodeType, name = `${base.description.name}Tool`): INodeType {
	const description: INodeTypeDescription = {
		...deepCopy(base.description),
		name,
		displayName: `${base.description.displayName} Tool`,
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
	};
	delete description.usableAsTool;
	return Object.create(base, { description: { value: description } }) as INodeType;
}

/** As in n8n 1.x, whose execution contexts have no isToolExecution(). */
function withoutIsToolExecution(tool: INodeType): INodeType {
	const execute = async function (this: IExecuteFunctions) {
		const older = Object.create(this, {
			isToolExecution: { value: undefined },
		}) as IExecuteFunctions;
		return await tool.execute!.call(older);
	};
	return Object.create(tool, { execute: { value: execute } }) as INodeType;
}

interface CallableTool {
	name: string;
	invoke(args: object): Promise<unknown>;
}

const agentInputs: INodeInputConfiguration[] = [
	{ type: NodeConnectionTypes.Main },
	{ type: NodeConnectionTypes.AiTool, displayName: 'Tools' },
];

function agentDescription(name: string): INodeTypeDescription {
	return {
		displayName: name,
		name,
		group: ['transform'],
		version: 1,
		description: 'Test agent',
		defaults: { name },
		inputs: agentInputs,
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};
}

/** Takes its tools as sub-nodes and calls each once; what a tool threw is what it answers. */
const subNodeAgent: INodeType = {
	description: agentDescription('subNodeAgent'),
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const tools = (await this.getInputConnectionData(
			NodeConnectionTypes.AiTool,
			0,
		)) as CallableTool[];
		const items: INodeExecutionData[] = [];
		for (const tool of tools) {
			try {
				items.push({ json: { response: JSON.parse(String(await tool.invoke({}))) } });
			} catch (error) {
				items.push({ json: { error: (error as Error).message } });
			}
		}
		return [items];
	},
};

/** Asks the engine to run the tool node once, then puts out what the tool node gave back. */
const requestingAgent: INodeType = {
	description: agentDescription('requestingAgent'),
	async execute(
		this: IExecuteFunctions,
		response?: EngineResponse,
	): Promise<INodeExecutionData[][] | EngineRequest> {
		// The engine hands every node an empty response; the agent's own calls come back filled in.
		if (!response?.actionResponses.length)
			return {
				actions: [
					{
						actionType: 'ExecutionNodeAction',
						nodeName: TOOL,
						input: { question: 'Is this selfie live?' },
						type: NodeConnectionTypes.AiTool,
						id: 'call-1',
						metadata: {},
					},
				],
				metadata: {},
			};
		return [
			response.actionResponses.map((result) => {
				const json = result.data.data?.[NodeConnectionTypes.AiTool]?.[0]?.[0]?.json ?? {};
				return { json: 'error' in json ? { error: json.error } : { response: json } };
			}),
		];
	},
};

const ozNode = new OzForensics();
const extraTypes: Record<string, INodeType> = {
	[TOOL_TYPE]: asTool(ozNode),
	'test.ozOlderTool': withoutIsToolExecution(asTool(ozNode, 'ozOlderTool')),
	'test.ozSubNode': asTool(ozNode, 'ozSubNode'),
	'test.subNodeAgent': subNodeAgent,
	'test.requestingAgent': requestingAgent,
};

// The harness knows the node and Load Files; the agents and tool variants are this file's.
const { getByName, getByNameAndVersion } = nodeTypes;
const { setSettings } = Workflow.prototype;
beforeAll(() => {
	nodeTypes.getByName = (name) => extraTypes[name] ?? getByName(name);
	nodeTypes.getByNameAndVersion = (name, version) =>
		extraTypes[name] ?? getByNameAndVersion(name, version);
	// n8n saves workflows with execution order v1 (the default since n8n 1.0); the harness's have
	// none, the legacy order, in which the engine resumes a requesting agent before its tools ran.
	jest.spyOn(Workflow.prototype, 'setSettings').mockImplementation(function (
		this: Workflow,
		settings: IWorkflowSettings,
	) {
		setSettings.call(this, { executionOrder: 'v1', ...settings });
	});
});
afterAll(() => {
	Object.assign(nodeTypes, { getByName, getByNameAndVersion });
	jest.restoreAllMocks();
});

type Way = 'sub-node' | 'engine request';

/**
 * Start → Agent ← tool, the tool an Oz node of this type with these parameters; the agent's
 * items. The agent needs a node before it: the engine resumes a requesting node from its parent.
 */
async function callAsTool(way: Way, parameters: INodeParameters, toolType = TOOL_TYPE) {
	const start: INode = {
		id: 'start',
		name: 'Start',
		type: LOAD_FILES_TYPE,
		typeVersion: 1,
		position: [-200, 0],
		parameters: { items: JSON.stringify([{ json: { chatInput: 'Is this selfie live?' } }]) },
	};
	const agent: INode = {
		id: 'agent',
		name: AGENT,
		type: way === 'sub-node' ? 'test.subNodeAgent' : 'test.requestingAgent',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const tool: INode = {
		id: 'oz-tool',
		name: TOOL,
		type: toolType,
		typeVersion: 1,
		position: [0, 200],
		parameters,
		credentials: { ozForensicsApi: { id: '1', name: 'Oz account' } },
	};
	const connections: IConnections = {
		Start: { main: [[{ node: AGENT, type: NodeConnectionTypes.Main, index: 0 }]] },
		[TOOL]: {
			[NodeConnectionTypes.AiTool]: [
				[{ node: AGENT, type: NodeConnectionTypes.AiTool as NodeConnectionType, index: 0 }],
			],
		},
	};
	const result = await runWorkflow([start, agent, tool], connections, credentials());
	expect(result.error).toBeUndefined();
	return result.output(AGENT).map((item) => item.json);
}

const selfie = {
	file: [{ binaryPropertyName: 'data', tags: ['video_selfie', 'video_selfie_blank'] }],
};
const photo = { file: [{ binaryPropertyName: 'data', tags: ['photo_selfie'] }] };
const FOLDER_ID = '0a4c1e2b-5d6f-4a7b-8c9d-0e1f2a3b4c5d';
const COLLECTION_ID = '1b5d2f3c-6e7a-4b8c-9d0e-1f2a3b4c5d6e';
const PERSON_ID = '2c6e3a4d-7f8b-4c9d-8e1f-2a3b4c5d6e7f';

const UPLOADS: Array<[string, INodeParameters]> = [
	[
		'Folder → Analyze',
		{
			resource: 'folder',
			operation: 'analyze',
			media: selfie,
			analyses: { analysis: [{ type: 'quality' }] },
		},
	],
	['Folder → Analyze Container', { resource: 'folder', operation: 'analyzeContainer' }],
	[
		'Folder → Add Media',
		{ resource: 'folder', operation: 'addMedia', folderId: FOLDER_ID, media: selfie },
	],
	[
		'Blacklist Person → Add',
		{ resource: 'person', operation: 'add', collectionId: COLLECTION_ID, media: photo },
	],
	[
		'Blacklist Person → Add Photos',
		{
			resource: 'person',
			operation: 'addPhotos',
			collectionId: COLLECTION_ID,
			personId: PERSON_ID,
			media: photo,
		},
	],
];

const toolError = (operation: string) =>
	`${operation} needs files as binary input, which an AI agent's tool call does not carry: call it from a workflow step after a node that loads the file`;

describe.each<Way>(['sub-node', 'engine request'])('called as a tool (%s)', (way) => {
	it.each(UPLOADS)('%s says that a tool call carries no files', async (operation, parameters) => {
		const [answer] = await callAsTool(way, parameters);
		expect(answer.error).toEqual(expect.stringContaining(toolError(operation)));
		expect(answer.error).not.toContain('No binary field');
	});

	it('Session → Get Token, which takes no files, answers the agent', async () => {
		const [answer] = await callAsTool(way, { resource: 'session', operation: 'getToken' });
		expect(answer.error).toBeUndefined();
		expect(answer.response).toEqual(
			way === 'sub-node'
				? [{ session_token: expect.any(String) }]
				: { session_token: expect.any(String) },
		);
	});
});

describe('each of the marks n8n leaves on a tool call is enough on its own', () => {
	const analyze = UPLOADS[0][1];

	it('the type name ending in "Tool", in a sub-node context without isToolExecution (n8n 1.x)', async () => {
		const [answer] = await callAsTool('sub-node', analyze, 'test.ozOlderTool');
		expect(answer.error).toEqual(expect.stringContaining(toolError('Folder → Analyze')));
	});

	it("isToolExecution() of n8n 2.x's sub-node context, whatever the type is called", async () => {
		const [answer] = await callAsTool('sub-node', analyze, 'test.ozSubNode');
		expect(answer.error).toEqual(expect.stringContaining(toolError('Folder → Analyze')));
	});

	it('rewireOutputLogTo ai_tool on a node the agent had the engine run', async () => {
		const [answer] = await callAsTool('engine request', analyze, OZ_NODE_TYPE);
		expect(answer.error).toEqual(expect.stringContaining(toolError('Folder → Analyze')));
	});
});

describe('in a workflow step, a missing file is the usual error', () => {
	it.each([
		['Folder → Analyze', 'No binary field "data" on the input item (media key'],
		['Folder → Analyze Container', 'No binary field "data" on the input item'],
	])('%s', async (operation, message) => {
		const parameters = UPLOADS.find(([name]) => name === operation)![1];
		const wf = chainWorkflow(
			[{ json: { question: 'no file here' } }],
			[{ name: 'Oz', parameters, continueOnFail: true }],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		const [item] = result.output('Oz');
		expect(String(item.json.error)).toContain(message);
		expect(String(item.json.error)).not.toContain('tool call');
	});
});
