import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const REPO = join(__dirname, '..', '..');
const SCANNED = ['nodes', 'credentials', 'simulator'];
const FACTS = 'docs/oz-facts.md';
const PAGES_HEADING = '## Oz pages cited in the code';

/** The files a citation can be in: code, the node's JSON and Markdown. */
function textFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : textFiles(path);
		return /\.(ts|mjs|json|md)$/.test(entry.name) ? [path] : [];
	});
}

/**
 * A file's text with its line breaks and the comment markers after them (`//`, ` * `) folded
 * into one space, so that a citation wrapped over two comment lines reads as one.
 */
function flat(text: string): string {
	return text.replace(/[ \t]*\r?\n[ \t]*(?:\/\/|\*(?!\/))?[ \t]*/g, ' ');
}

/** Mentions of research notes that live outside the repository. */
const OUTSIDE = /oz-api\.md|(?:second|third|fourth) reading|\.\.\/shared\b/gi;

function outsideCitations(text: string): string[] {
	return [...flat(text).matchAll(OUTSIDE)].map(([found]) => found);
}

/** Every `docs/<file>.md` or `docs/<file>.md#<anchor>` the text names. */
function docsCitations(text: string): { file: string; anchor?: string }[] {
	return [...flat(text).matchAll(/\bdocs\/([\w-]+(?:\.[\w-]+)*\.md)(?:#([\w-]+))?/g)].map(
		([, file, anchor]) => ({ file: `docs/${file}`, anchor }),
	);
}

/** Every title a `page "X"` or `pages "X", "Y" and "Z"` citation names. */
function pageTitles(text: string): string[] {
	const citations = flat(text).matchAll(
		/\bpages?\s+("[^"\n]+"(?:\s*(?:,|and|or)\s*(?:and\s+|or\s+)?"[^"\n]+")*)/gi,
	);
	return [...citations].flatMap(([, quoted]) =>
		[...quoted.matchAll(/"([^"]+)"/g)].map(([, title]) => title),
	);
}

/** The anchors GitHub gives a Markdown page's headings, and any `<a id>` or `<a name>`. */
function anchorsOf(markdown: string): Set<string> {
	const headings = [...markdown.matchAll(/^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm)].map(
		([, heading]) =>
			heading
				.trim()
				.toLowerCase()
				.replace(/[^\p{L}\p{N} _-]/gu, '')
				.replace(/ /g, '-'),
	);
	const explicit = [...markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)].map(([, id]) => id);
	return new Set([...headings, ...explicit]);
}

/** The table of Oz pages on docs/oz-facts.md: title → address. */
function knownPages(markdown: string): Map<string, string> {
	const start = markdown.indexOf(PAGES_HEADING);
	if (start < 0) return new Map();
	const rest = markdown.slice(start + PAGES_HEADING.length);
	const next = rest.search(/^## /m);
	const section = next < 0 ? rest : rest.slice(0, next);
	const rows = [...section.matchAll(/^\| *([^|]+?) *\| *(\S+)[^|]*\|$/gm)]
		.map(([, title, address]) => [title, address] as const)
		.filter(([title]) => title !== 'Page' && !/^-+$/.test(title));
	return new Map(rows);
}

/** What is wrong with one file's citations, given the repository's docs and the known pages. */
function problemsIn(
	file: string,
	text: string,
	pages: Map<string, string>,
	readDoc: (path: string) => string | undefined,
): string[] {
	const problems = outsideCitations(text).map(
		(found) => `${file}: cites "${found}", which is not in the repository`,
	);
	for (const { file: doc, anchor } of docsCitations(text)) {
		const markdown = readDoc(doc);
		if (markdown === undefined) problems.push(`${file}: cites ${doc}, which does not exist`);
		else if (anchor !== undefined && !anchorsOf(markdown).has(anchor))
			problems.push(`${file}: cites ${doc}#${anchor}, which has no such section`);
	}
	for (const title of pageTitles(text))
		if (!pages.has(title))
			problems.push(`${file}: cites page "${title}", which ${FACTS} does not list`);
	return problems;
}

function readDoc(path: string): string | undefined {
	const full = join(REPO, path);
	return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
}

const pages = knownPages(readFileSync(join(REPO, FACTS), 'utf8'));
const files = SCANNED.flatMap((dir) => textFiles(join(REPO, dir)));

describe(`citations in ${SCANNED.join(', ')}`, () => {
	it('cite nothing outside the repository, only docs sections that exist, only listed Oz pages', () => {
		const problems = files.flatMap((file) =>
			problemsIn(relative(REPO, file), readFileSync(file, 'utf8'), pages, readDoc),
		);
		expect(problems).toEqual([]);
	});

	it('are really read: the scan sees the code, its page citations and the table', () => {
		expect(files.length).toBeGreaterThan(50);
		const cited = files.flatMap((file) => pageTitles(readFileSync(file, 'utf8')));
		expect(cited.length).toBeGreaterThan(30);
		expect(pages.size).toBeGreaterThan(10);
		for (const [title, address] of pages) {
			expect(title).not.toBe('');
			expect(address).toMatch(/^https:\/\/(doc\.)?ozforensics\.com\//);
		}
	});
});

describe('the citation checks themselves', () => {
	const known = new Map([['Single Request', 'https://doc.ozforensics.com/x']]);
	const docs: Record<string, string> = { 'docs/facts.md': '# Facts\n\n### limits\n\nText.\n' };
	const check = (text: string) => problemsIn('x.ts', text, known, (path) => docs[path]);

	it('accept a listed page, an existing section, and a title wrapped over two comment lines', () => {
		expect(check('// page "Single Request"; docs/facts.md#limits; docs/facts.md')).toEqual([]);
		expect(check('/**\n * as page "Single\n * Request" shows\n */')).toEqual([]);
	});

	it('refuse the notes outside the repository, however they are named or wrapped', () => {
		expect(check('// (oz-api.md, "Third reading", item 2)')).toHaveLength(2);
		expect(check('// see "Second reading" and "Fourth reading"')).toHaveLength(2);
		expect(check('/* ../shared/reference/notes.md */')).toHaveLength(1);
		expect(check('/**\n * (as the notes say, "Third\n * reading", item 2)\n */')).toHaveLength(1);
	});

	it('refuse a missing docs file or section, and a page the table does not list', () => {
		expect(check('// docs/nothing.md#limits')).toHaveLength(1);
		expect(check('// docs/facts.md#nothing')).toHaveLength(1);
		expect(
			check('// page "Single Request" and pages "Liveness", "Biometry" and "Metadata"'),
		).toEqual([
			'x.ts: cites page "Liveness", which docs/oz-facts.md does not list',
			'x.ts: cites page "Biometry", which docs/oz-facts.md does not list',
			'x.ts: cites page "Metadata", which docs/oz-facts.md does not list',
		]);
	});

	it('read the anchors GitHub makes of headings', () => {
		expect([...anchorsOf('## Oz pages cited in the code\n### error-codes\n')]).toEqual([
			'oz-pages-cited-in-the-code',
			'error-codes',
		]);
	});
});
