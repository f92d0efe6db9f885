/**
 * `npm run layers`: no import circle anywhere, and no import that points up the node's layers.
 * From top to bottom: the node and router → resources → output, descriptions → transport →
 * execution → request → ozApi.ts (Oz's documented facts, importing nothing).
 */
const node = '^nodes/OzForensics/';
const upper = (...folders) => `${node}(${folders.join('|')})(/|\\.ts$)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	forbidden: [
		{
			name: 'no-circular',
			severity: 'error',
			comment: 'Modules that import each other, directly or round about',
			from: { path: '^(nodes|credentials|simulator)/' },
			to: { circular: true },
		},
		{
			name: 'facts-import-nothing',
			severity: 'error',
			from: { path: `${node}ozApi\\.ts$` },
			to: { path: node },
		},
		{
			name: 'request-is-lowest',
			severity: 'error',
			from: { path: `${node}request/` },
			to: {
				path: upper(
					'execution',
					'transport',
					'output',
					'descriptions',
					'resources',
					'router',
					'OzForensics.node',
				),
			},
		},
		{
			name: 'execution-below-transport',
			severity: 'error',
			from: { path: `${node}execution/` },
			to: {
				path: upper(
					'transport',
					'output',
					'descriptions',
					'resources',
					'router',
					'OzForensics.node',
				),
			},
		},
		{
			name: 'transport-below-output',
			severity: 'error',
			from: { path: `${node}transport/` },
			to: { path: upper('output', 'descriptions', 'resources', 'router', 'OzForensics.node') },
		},
		{
			name: 'output-and-descriptions-below-resources',
			severity: 'error',
			from: { path: `${node}(output|descriptions)/` },
			to: { path: upper('resources', 'router', 'OzForensics.node') },
		},
		{
			name: 'resources-below-the-router',
			severity: 'error',
			from: { path: `${node}resources/` },
			to: { path: upper('router', 'OzForensics.node') },
		},
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.test.json' },
	},
};
