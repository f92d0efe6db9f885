import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Container } from '@n8n/di';
import {
	BinaryDataConfig,
	BinaryDataService,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IConnections,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { NodeHelpers, Workflow, createRunExecutionData } from 'n8n-workflow';

import { OzForensicsApi } from '../../credentials/OzForensicsApi.credentials';
import { OzForensics } from '../../nodes/OzForensics/OzForensics.node';
import { TestCredentialsHelper } from './credentialsHelper';
import { loadFilesNode } from './LoadFiles.node';

export const OZ_NODE_TYPE = 'n8n-nodes-oz-forensics.ozForensics';
export const LOAD_FILES_TYPE = 'test.loadFiles';

const nodeTypeMap: Record<string, INodeType> = {
	[OZ_NODE_TYPE]: new OzForensics(),
	[LOAD_FILES_TYPE]: loadFilesNode,
};

export const nodeTypes: INodeTypes = {
	getByName: (name) => nodeTypeMap[name],
	getByNameAndVersion: (name, version) =>
		NodeHelpers.getVersionedNodeType(nodeTypeMap[name], version),
	getKnownTypes: () => ({}),
};

let binaryRoot: string | undefined;

/** n8n's binary data service in filesystem mode, as a self-hosted n8n 2.x runs it. */
async function ensureBinaryDataService(): Promise<void> {
	if (binaryRoot) return;
	binaryRoot = mkdtempSync(join(tmpdir(), 'oz-n8n-engine-'));
	process.env.N8N_USER_FOLDER = binaryRoot;
	// Item errors are the tests' subject; n8n's logger would print each one again.
	process.env.N8N_LOG_LEVEL ??= 'silent';
	const config = Container.get(BinaryDataConfig);
	config.mode = 'filesystem';
	config.localStoragePath = join(binaryRoot, 'binaryData');
	await Container.get(BinaryDataService).init();
}

export function cleanUpEngine(): void {
	if (binaryRoot) rmSync(binaryRoot, { recursive: true, force: true });
	binaryRoot = undefined;
}

export interface WorkflowRun {
	run: IRun;
	/** Items a node put out on its first output, in its last run. */
	output(nodeName: string): INodeExecutionData[];
	/** Items a node put out on its error output ("Continue (using error output)"), in its last run. */
	errorOutput(nodeName: string): INodeExecutionData[];
	/** The error that stopped the workflow, if one did. */
	error: IRun['data']['resultData']['error'];
	/** How often credentials were read and decrypted during the run. */
	credentialReads: number;
}

let executionCounter = 0;

/** What the engine reads of the n8n server around it; the rest are stand-ins. */
function engineAdditionalData(
	credentialsHelper: TestCredentialsHelper,
	executionId: string,
	workflowId: string,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks,
		executionId,
		workflowId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used here');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * Runs one of the node's list searches (an editor picker) through n8n-core's LoadOptionsContext,
 * as the editor's request for a resource locator's list does, for an Oz node with these parameters.
 */
export async function runListSearch(
	method: keyof OzForensics['methods']['listSearch'],
	parameters: INodeParameters,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const node: INode = {
		id: 'oz-picker',
		name: 'Oz',
		type: OZ_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { ozForensicsApi: { id: 'oz-credential', name: 'Oz' } },
	};
	const workflow = new Workflow({
		id: 'engine-picker',
		nodes: [node],
		connections: {},
		nodeTypes,
		active: false,
		settings: {},
	});
	const credentialsHelper = new TestCredentialsHelper(
		{ ozForensicsApi: new OzForensicsApi() },
		credentials,
	);
	const additionalData = engineAdditionalData(credentialsHelper, 'picker', workflow.id);
	// The editor sends the node's parameters as they stand with each list request.
	additionalData.currentNodeParameters = parameters;
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters');
	return await new OzForensics().methods.listSearch[method].call(context, filter, paginationToken);
}

/** Runs a workflow through n8n-core's WorkflowExecute, starting at its first node. */
export async function runWorkflow(
	nodes: INode[],
	connections: IConnections,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	options: { cancelAfterMs?: number } = {},
): Promise<WorkflowRun> {
	await ensureBinaryDataService();
	const executionId = `engine-test-${++executionCounter}`;
	const workflowData: IWorkflowBase = {
		id: 'engine-test',
		name: 'engine test',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		settings: {},
		activeVersionId: null,
	};
	const workflow = new Workflow({
		id: workflowData.id,
		nodes,
		connections,
		nodeTypes,
		active: false,
		settings: {},
	});

	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	let resolveFinished: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveFinished(fullRunData));

	const credentialsHelper = new TestCredentialsHelper(
		{ ozForensicsApi: new OzForensicsApi() },
		credentials,
	);
	const additionalData = engineAdditionalData(
		credentialsHelper,
		executionId,
		workflowData.id,
		hooks,
	);

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: nodes[0], data: { main: [[{ json: {} }]] }, source: null }],
		},
	});

	const execution = new WorkflowExecute(
		additionalData,
		'manual',
		runExecutionData,
	).processRunExecutionData(workflow);
	// As the Stop button does: n8n cancels the execution, which aborts the node's signal.
	if (options.cancelAfterMs !== undefined)
		setTimeout(() => execution.cancel(), options.cancelAfterMs);
	await execution.catch(() => undefined);
	const run = await finished;
	return {
		run,
		error: run.data.resultData.error,
		credentialReads: credentialsHelper.reads,
		output(nodeName) {
			const runs = run.data.resultData.runData[nodeName];
			return runs?.[runs.length - 1]?.data?.main?.[0] ?? [];
		},
		errorOutput(nodeName) {
			const runs = run.data.resultData.runData[nodeName];
			return runs?.[runs.length - 1]?.data?.main?.[1] ?? [];
		},
	};
}
