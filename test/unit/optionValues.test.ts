import type { INodeProperties } from 'n8n-workflow';

import { OptionValues } from '../../nodes/OzForensics/input/parameters';

const definitions: INodeProperties[] = [
	{ displayName: 'Timeout', name: 'timeout', type: 'number', default: 300 },
	{ displayName: 'Instant', name: 'instant', type: 'boolean', default: false },
	{ displayName: 'Property', name: 'bestShotProperty', type: 'string', default: 'best_shot' },
];

describe('OptionValues', () => {
	it('gives an option that was not added the default its description shows', () => {
		const options = new OptionValues(definitions, {});
		expect(options.number('timeout')).toBe(300);
		expect(options.boolean('instant')).toBe(false);
		expect(options.string('bestShotProperty')).toBe('best_shot');
	});

	it('reads the values that were given', () => {
		const options = new OptionValues(definitions, {
			timeout: 20,
			instant: true,
			bestShotProperty: 'face',
		});
		expect(options.number('timeout')).toBe(20);
		expect(options.boolean('instant')).toBe(true);
		expect(options.string('bestShotProperty')).toBe('face');
	});

	it('reads a number an expression handed over as text, and falls back on one that is not', () => {
		expect(new OptionValues(definitions, { timeout: '45' }).number('timeout')).toBe(45);
		expect(new OptionValues(definitions, { timeout: 'soon' }).number('timeout')).toBe(300);
		expect(new OptionValues(definitions, { timeout: '' }).number('timeout')).toBe(300);
	});

	it('never takes a non-boolean for a boolean', () => {
		expect(new OptionValues(definitions, { instant: 'yes' }).boolean('instant')).toBe(false);
	});

	it('refuses to read an option the operation does not list', () => {
		expect(() => new OptionValues(definitions, { safeRetry: true }).boolean('safeRetry')).toThrow(
			/"safeRetry" is not among this operation's options/,
		);
	});
});
