// Import order, settled by lint and fixed by `npm run lint:fix`, for the package's code (the
// node and the credential). A config of its own, since strict mode keeps eslint.config.mjs at
// n8n's default: built-ins, then packages, then this repository's modules, each group apart
// and in alphabetical order. The TypeScript parser and the import-x plugin are n8n's own.
import { config } from '@n8n/node-cli/eslint';

const parser = config.find((block) => block.languageOptions?.parser)?.languageOptions.parser;
const importX = config.find((block) => block.plugins?.['import-x'])?.plugins['import-x'];

export default [
	{
		files: ['**/*.ts'],
		languageOptions: { parser },
		plugins: { 'import-x': importX },
		rules: {
			'import-x/order': [
				'error',
				{
					groups: ['builtin', 'external', ['internal', 'parent', 'sibling', 'index']],
					'newlines-between': 'always',
					alphabetize: { order: 'asc', caseInsensitive: true },
				},
			],
		},
	},
];
