import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

/** Every key of a `GUESS(key)` mark in these folders' code. */
function keysInCode(dirs: string[]): string[] {
	const files = dirs.flatMap((dir) => sourceFiles(join(REPO, dir)));
	const keys = files.flatMap((file) =>
		[...readFileSync(file, 'utf8').matchAll(/GUESS\(([^)]*)\)/g)].map(([, key]) => key),
	);
	return [...new Set(keys)].sort();
}

/** The keys a page lists: each at the start of a table row or of a list item, in backticks. */
function keysInPage(page: string): string[] {
	const text = readFileSync(join(REPO, page), 'utf8');
	return [...text.matchAll(/^(?:\| |- )`([^`]+)`(?: \||:)/gm)].map(([, key]) => key);
}

/** Files that call something a guess without a key. */
function unkeyed(dirs: string[]): string[] {
	return dirs
		.flatMap((dir) => sourceFiles(join(REPO, dir)))
		.filter((file) => {
			const text = readFileSync(file, 'utf8');
			return /GUESS(?!\()/.test(text) || /our (guess|reading)/i.test(text);
		});
}

describe.each([
	{ code: ['nodes', 'credentials'], page: 'docs/guesses.md' },
	{ code: ['simulator'], page: 'simulator/README.md' },
])('guesses of $code: the code and $page name the same ones', ({ code, page }) => {
	it('every GUESS(key) in the code has its entry on the page, and every entry is marked in the code', () => {
		const listed = keysInPage(page);
		expect(listed.length).toBeGreaterThan(10);
		expect(new Set(listed).size).toBe(listed.length);
		expect(keysInCode(code)).toEqual([...listed].sort());
	});

	it('keys are short lower-case words, and no guess is marked another way', () => {
		for (const key of keysInCode(code)) expect(key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
		expect(unkeyed(code)).toEqual([]);
	});
});
