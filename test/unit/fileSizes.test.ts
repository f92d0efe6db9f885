import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Files a reader takes in whole: the node's and the credential's code stays under this. */
const MAX_LINES = 250;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

describe('file sizes', () => {
	it(`no file of the node or the credential is over ${MAX_LINES} lines`, () => {
		const root = join(__dirname, '..', '..');
		const files = [join(root, 'nodes'), join(root, 'credentials')].flatMap(sourceFiles);
		expect(files.length).toBeGreaterThan(50);
		const long = files
			.map((file) => ({ file, lines: readFileSync(file, 'utf8').split('\n').length }))
			.filter(({ lines }) => lines > MAX_LINES);
		expect(long).toEqual([]);
	});
});
