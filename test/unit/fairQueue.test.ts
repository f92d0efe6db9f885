import { FairQueue } from '../../nodes/OzForensics/execution/fairQueue';

const drain = <T>(queue: FairQueue<T>) => {
	const out: T[] = [];
	for (let next = queue.shift(); next !== undefined; next = queue.shift()) out.push(next);
	return out;
};

describe('the fair queue of waiting requests', () => {
	it('keeps the order of one flow', () => {
		const queue = new FairQueue<string>();
		for (const entry of ['a1', 'a2', 'a3']) queue.push('a', entry);
		expect(queue.size).toBe(3);
		expect(drain(queue)).toEqual(['a1', 'a2', 'a3']);
		expect(queue.size).toBe(0);
	});

	it('serves flows in turn, in the order they arrived: a batch does not hold back later executions', () => {
		const queue = new FairQueue<string>();
		for (let i = 1; i <= 5; i++) queue.push('batch', `b${i}`);
		queue.push('hook-1', 'h1');
		queue.push('hook-2', 'h2');
		expect(drain(queue)).toEqual(['b1', 'h1', 'h2', 'b2', 'b3', 'b4', 'b5']);
	});

	it('sends a flow that waits again to the back of the turn', () => {
		const queue = new FairQueue<string>();
		queue.push('a', 'a1');
		queue.push('b', 'b1');
		expect(queue.shift()).toBe('a1');
		queue.push('a', 'a2');
		expect(drain(queue)).toEqual(['b1', 'a2']);
	});

	it('takes out one entry (a cancel or a deadline) without disturbing the others', () => {
		const queue = new FairQueue<string>();
		queue.push('a', 'a1');
		queue.push('a', 'a2');
		queue.push('b', 'b1');
		expect(queue.remove('a', 'a1')).toBe(true);
		expect(queue.remove('a', 'missing')).toBe(false);
		expect(queue.remove('b', 'b1')).toBe(true);
		expect(queue.entries()).toEqual(['a2']);
		expect(drain(queue)).toEqual(['a2']);
	});
});
