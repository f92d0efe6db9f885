import type { IExecuteFunctions } from 'n8n-workflow';

import { ItemResults } from '../../nodes/OzForensics/execution/retryMemo';

/** Just what ItemResults reads of n8n's execute context. */
const context = (executionId: string, runIndex = 0) =>
	({
		getExecutionId: () => executionId,
		getNode: () => ({ name: 'Oz Forensics' }),
		runIndex,
	}) as unknown as IExecuteFunctions;

afterEach(() => jest.restoreAllMocks());

describe('results kept for Retry On Fail', () => {
	it('belong to one execution, node and run', () => {
		const first = new ItemResults(context('e-1'));
		first.set(0, [{ json: { folder_id: 'f-1' } }]);
		expect(new ItemResults(context('e-1')).get(0)).toEqual([{ json: { folder_id: 'f-1' } }]);
		expect(new ItemResults(context('e-2')).get(0)).toBeUndefined();
		expect(new ItemResults(context('e-1', 1)).get(0)).toBeUndefined();
		first.release();
		expect(new ItemResults(context('e-1')).get(0)).toBeUndefined();
	});

	it('are bounded in number: the oldest runs go first', () => {
		for (let run = 0; run < 60; run++) {
			const results = new ItemResults(context(`bulk-${run}`));
			for (let item = 0; item < 100; item++) results.set(item, [{ json: { item } }]);
		}
		expect(ItemResults.size()).toBeLessThanOrEqual(5000);
		expect(new ItemResults(context('bulk-59')).get(99)).toEqual([{ json: { item: 99 } }]);
		expect(new ItemResults(context('bulk-0')).get(0)).toBeUndefined();
		for (let run = 0; run < 60; run++) new ItemResults(context(`bulk-${run}`)).release();
	});

	it('are bounded in age', () => {
		const results = new ItemResults(context('old'));
		results.set(0, [{ json: {} }]);
		const now = Date.now();
		jest.spyOn(Date, 'now').mockReturnValue(now + 7 * 60 * 60 * 1000);
		expect(results.get(0)).toBeUndefined();
		expect(ItemResults.size()).toBe(0);
	});
});
