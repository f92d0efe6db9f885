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

/** Every `GUESS(key)` in the node and the credential, with the files it is in. */
function guessesInCode(): Map<string, string[]> {
	const found = new Map<string, string[]>();
	for (const file of [
		...sourceFiles(join(REPO, 'nodes')),
		...sourceFiles(join(REPO, 'credentials')),
	]) {
		for (const [, key] of readFileSync(file, 'utf8').matchAll(/GUESS\(([^)]*)\)/g))
			found.set(key, [...(found.get(key) ?? []), file]);
	}
	return found;
}

/** The keys of the table in docs/guesses.md: its first column. */
function guessesInDocs(): string[] {
	const text = readFileSync(join(REPO, 'docs', 'guesses.md'), 'utf8');
	return [...text.matchAll(/^\| `([^`]+)` \|/gm)].map(([, key]) => key);
}

describe('guesses: the code and docs/guesses.md name the same ones', () => {
	it('every GUESS(key) in the code has its row, and every row is marked in the code', () => {
		const inCode = [...guessesInCode().keys()].sort();
		const inDocs = guessesInDocs();
		expect(inDocs.length).toBeGreaterThan(10);
		expect(new Set(inDocs).size).toBe(inDocs.length);
		expect(inCode).toEqual([...inDocs].sort());
	});

	it('keys are short lower-case words, and no guess is marked another way', () => {
		for (const key of guessesInCode().keys()) expect(key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
		const unkeyed = [...sourceFiles(join(REPO, 'nodes'))].filter((file) => {
			const text = readFileSync(file, 'utf8');
			return /GUESS(?!\()/.test(text) || /our guess/i.test(text);
		});
		expect(unkeyed).toEqual([]);
	});
});
