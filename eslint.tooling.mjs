// The one override block for code that never ships: the simulator, tests, the end-to-end rig,
// the bench and scripts run as Node.js programs, so n8n Cloud's limits on shipped nodes
// (Node built-ins, globals, child processes, NodeApiError) do not apply to them.
// eslint.config.mjs stays n8n's default, as strict mode requires; each tooling folder's
// eslint.config.mjs re-exports this file, and `npm run lint` turns on ESLint's lookup of the
// nearest config (ESLINT_FLAGS=unstable_config_lookup_from_file).
import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{
		files: ['**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
];
