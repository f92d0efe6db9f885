import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { AnalysisPacer } from '../shared/pacer';

/** What the items of one execution share. */
export interface RunContext {
	/** Set when "Max Analyses per Minute" is on. */
	pacer?: AnalysisPacer;
}

/** One operation's behaviour for one input item. */
export type OperationHandler = (this: IExecuteFunctions, itemIndex: number, run: RunContext) => Promise<INodeExecutionData[]>;
