/**
 * `npm run layers`: no import circle anywhere, and no import that points up the node's layers.
 * From top to bottom: the node, router and editor pickers (listSearch) → resources → output,
 * descriptions → transport → execution → payload (what Analyze and the uploads send) → input
 * (parameters, input errors, JSON) → ozApi.ts (Oz's documented facts, importing nothing).
 */
const node = '^nodes/OzForensics/';
const LAYERS = [
	['OzForensics.node', 'router', 'listSearch'],
	['resources'],
	['output', 'descriptions'],
	['transport'],
	['execution'],
	['payload'],
	['input'],
	['ozApi'],
];
const paths = (names) => `${node}(${names.join('|')})(/|\\.ts$)`;

/** One rule per layer: nothing in it imports a layer above it. */
const upward = LAYERS.slice(1).map((layer, index) => ({
	name: `${layer.join('-and-')}-imports-no-layer-above`,
	severity: 'error',
	from: { path: paths(layer) },
	to: { path: paths(LAYERS.slice(0, index + 1).flat()) },
}));

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
		...upward,
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.test.json' },
	},
};
