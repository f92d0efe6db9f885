import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** One operation's behaviour for one input item. */
export type OperationHandler = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;
