import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

import { startSimulator, type Simulator } from '../simulator';
import type { N8nInstance } from './rig';
import { INSTALL_TIMEOUT_MS, REPO } from './rig';
import { EDITOR_OWNER, prepareN8n, startEditor } from './session';
import type { EditorSession } from './session';

const SCREENSHOT_DIR = join(REPO, 'test-output');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('the Oz Forensics node in the n8n editor (headless Chromium)', () => {
	let simulator: Simulator;
	let n8n: N8nInstance;
	let editor: EditorSession;
	let browser: Browser;
	let page: Page;

	/** Example 2 on the canvas; answers its Oz Forensics node once it shows. */
	const openExample2 = async () => {
		await page.goto(`${editor.url}/workflow/ozExampleMatch02`);
		const node = page
			.locator('[data-test-id="canvas-node"]')
			.filter({ hasText: 'Liveness and Face Match' })
			.first();
		await node.waitFor({ timeout: 60_000 });
		return node;
	};

	beforeAll(async () => {
		simulator = await startSimulator({
			tokens: ['editor-token'],
			samplesDir: join(REPO, 'samples'),
		});
		n8n = await prepareN8n({ baseUrl: simulator.url, accessToken: 'editor-token' }, simulator.url);
		await n8n.importWorkflowFile(join(REPO, 'e2e', 'workflows', 'editor-picker.json'));
		editor = await startEditor(n8n);
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: true,
			// Without the network-related flags Chromium keeps trying hosts this machine cannot reach.
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		});
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		const login = await context.request.post(`${editor.url}/rest/login`, {
			data: {
				emailOrLdapLoginId: EDITOR_OWNER.email,
				email: EDITOR_OWNER.email,
				password: EDITOR_OWNER.password,
			},
		});
		expect(login.status()).toBe(200);
		page = await context.newPage();
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await browser?.close();
		await editor?.stop();
		await simulator?.close();
		n8n?.cleanUp();
	});

	it('example 2 opens, and the node panel shows media rows, tags, analyses and options without an error', async () => {
		const node = await openExample2();
		await page.keyboard.press('Escape');
		await node.dblclick();

		const panel = page.locator('[data-test-id="ndv"]');
		await panel
			.getByText('Input Binary Field', { exact: true })
			.first()
			.waitFor({ timeout: 30_000 });
		for (const label of [
			'Resource',
			'Operation',
			'Payload',
			'Media',
			'Input Binary Field',
			'Media Key',
			'Tags',
			'Extra Tags',
			'Media Metadata',
			'Analyses',
			'Type',
			'Parameters',
			'Folder Metadata',
			'Simplify',
			'Options',
		]) {
			await expect(panel.getByText(label, { exact: true }).first().isVisible()).resolves.toBe(true);
		}
		// The media rows of the example, with their tags as chips.
		// Field values (selects included) as the editor shows them, in order.
		const values = await panel
			.locator('input')
			.evaluateAll((inputs) =>
				inputs.map((input) => (input as unknown as { value: string }).value),
			);
		const shown = values.filter((value) => value && value !== 'on');
		expect(shown).toEqual(
			expect.arrayContaining(['Oz Simulator', 'Folder', 'Analyze', 'Using Fields Below']),
		);
		expect(
			shown.filter((value) =>
				['selfie', 'video1', 'idPhoto', 'photo1', 'Liveness', 'Face Matching'].includes(value),
			),
		).toEqual(['selfie', 'video1', 'idPhoto', 'photo1', 'Liveness', 'Face Matching']);
		await expect(panel.getByText('Photo ID: Front').first().isVisible()).resolves.toBe(true);

		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		await page.screenshot({ path: join(SCREENSHOT_DIR, 'editor-oz-node.png') });
		await panel.getByText('Analyses', { exact: true }).first().scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(SCREENSHOT_DIR, 'editor-oz-node-analyses.png') });

		// No unknown-node placeholder, no parameter or loading errors.
		await expect(
			page.getByText(/Install this node to use it|node is not currently installed/i).count(),
		).resolves.toBe(0);
		await expect(
			page.locator('.el-notification--error, [data-test-id="parameter-issues"]').count(),
		).resolves.toBe(0);
		await expect(
			page.getByText(/Could not load|There was a problem|Problem loading/i).count(),
		).resolves.toBe(0);
	});

	it('example 2 runs in the editor, and the output panel shows the best shot as an image in its binary view', async () => {
		const node = await openExample2();
		await page.locator('[data-test-id="execute-workflow-button"]').first().click();
		await expect(
			page
				.locator('[data-test-id="canvas-node"]')
				.filter({ hasText: 'Write Best Shot' })
				.locator('[data-test-id="canvas-node-status-success"]')
				.first()
				.waitFor({ timeout: 60_000 }),
		).resolves.toBeUndefined();
		await node.dblclick();
		const output = page.locator('[data-test-id="output-panel"]');
		await output.waitFor({ timeout: 30_000 });
		await output.getByText('Binary', { exact: true }).first().click();
		await expect(output.getByText('bestShot', { exact: true }).first().isVisible()).resolves.toBe(
			true,
		);
		await expect(
			output
				.getByText(/image\/jpeg/)
				.first()
				.isVisible(),
		).resolves.toBe(true);
		await output.getByRole('button', { name: /view/i }).first().click();
		const image = page
			.locator('img[src*="binary-data"], img[src^="blob:"], img[src^="data:image"]')
			.first();
		await image.waitFor({ timeout: 30_000 });
		await expect(
			image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
		).resolves.toBeGreaterThan(0);
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		await page.screenshot({ path: join(SCREENSHOT_DIR, 'editor-best-shot.png') });
	});

	/** Example 5's node of this name, its panel open; answers the panel. */
	const openExample5Node = async (name: string, canvasScreenshot?: string) => {
		await page.goto(`${editor.url}/workflow/ozExampleSdk0005`);
		const node = page.locator('[data-test-id="canvas-node"]').filter({ hasText: name }).first();
		await node.waitFor({ timeout: 60_000 });
		await page.keyboard.press('Escape');
		if (canvasScreenshot) {
			// The canvas fades in: the screenshot waits for it to settle.
			await page.waitForTimeout(1000);
			mkdirSync(SCREENSHOT_DIR, { recursive: true });
			await page.screenshot({ path: join(SCREENSHOT_DIR, canvasScreenshot) });
		}
		await node.dblclick();
		const panel = page.locator('[data-test-id="ndv"]');
		await panel.waitFor({ timeout: 30_000 });
		return panel;
	};

	/** The panel's field values (selects included) as the editor shows them. */
	const shownValues = async (panel: ReturnType<Page['locator']>) =>
		(
			await panel
				.locator('input')
				.evaluateAll((inputs) =>
					inputs.map((input) => (input as unknown as { value: string }).value),
				)
		).filter((value) => value && value !== 'on');

	const expectNoPanelErrors = async () => {
		await expect(
			page.getByText(/Install this node to use it|node is not currently installed/i).count(),
		).resolves.toBe(0);
		await expect(
			page.locator('.el-notification--error, [data-test-id="parameter-issues"]').count(),
		).resolves.toBe(0);
	};

	it('example 5: the Session → Get Token panel shows its notice and no fields to fill', async () => {
		const panel = await openExample5Node('Get Session Token', 'editor-example-5.png');
		const notice = panel.getByText(/Each capture needs a new token/).first();
		await notice.waitFor({ timeout: 30_000 });
		await expect(notice.isVisible()).resolves.toBe(true);
		expect(await shownValues(panel)).toEqual(
			expect.arrayContaining(['Oz Simulator', 'Session', 'Get Token']),
		);
		await expectNoPanelErrors();
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		await page.screenshot({ path: join(SCREENSHOT_DIR, 'editor-session-token.png') });
	});

	it('example 5: the Folder → Analyze Container panel shows the binary field, Simplify and the Look Up By Metadata option', async () => {
		const panel = await openExample5Node('Analyze Container');
		await panel
			.getByText('Input Binary Field', { exact: true })
			.first()
			.waitFor({ timeout: 30_000 });
		for (const label of [
			'Resource',
			'Operation',
			'Input Binary Field',
			'Simplify',
			'Options',
			'Look Up By Metadata',
			'Key',
			'Value',
		])
			await expect(panel.getByText(label, { exact: true }).first().isVisible()).resolves.toBe(true);
		expect(await shownValues(panel)).toEqual(
			expect.arrayContaining([
				'Oz Simulator',
				'Folder',
				'Analyze Container',
				'data',
				'transaction_id',
			]),
		);
		await expectNoPanelErrors();
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		await page.screenshot({ path: join(SCREENSHOT_DIR, 'editor-analyze-container.png') });
	});

	it("the Collection picker lists the simulator's collections by alias, and picking one sets its ID", async () => {
		const aliases = ['confirmed-fraud', 'former-staff', 'mule-accounts'];
		const ids: string[] = [];
		for (const alias of aliases) {
			const created = await fetch(`${simulator.url}/api/collections/`, {
				method: 'POST',
				headers: { 'X-Forensic-Access-Token': 'editor-token', 'Content-Type': 'application/json' },
				body: JSON.stringify({ alias, company_id: '5a1e0000-0000-4000-8000-00000000c0de' }),
			});
			ids.push(((await created.json()) as { collection_id: string }).collection_id);
		}
		await page.goto(`${editor.url}/workflow/ozE2ePicker001`);
		const node = page
			.locator('[data-test-id="canvas-node"]')
			.filter({ hasText: 'Find Blacklist Person' })
			.first();
		await node.waitFor({ timeout: 60_000 });
		await page.keyboard.press('Escape');
		await node.dblclick();
		const panel = page.locator('[data-test-id="ndv"]');
		const picker = panel.locator('[data-test-id="rlc-input"]').first();
		await picker.waitFor({ timeout: 30_000 });
		await picker.click();
		// The list's entries (n8n 2.x's resource locator dropdown).
		const items = page.locator('[data-test-id="rlc-item"]');
		for (const alias of aliases)
			await items.getByText(alias, { exact: true }).first().waitFor({ timeout: 30_000 });
		// The list slides in: the screenshot waits for it to settle.
		await page.waitForTimeout(600);
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		await page.screenshot({ path: join(SCREENSHOT_DIR, 'editor-collection-picker.png') });
		const listed = await items.allInnerTexts();
		expect(listed.map((text) => text.trim())).toEqual(expect.arrayContaining(aliases));

		await items.getByText('former-staff', { exact: true }).first().click();
		await expect(picker.inputValue()).resolves.toBe('former-staff');
		// The picker shows the alias and keeps the ID: the workflow runs with the ID.
		await page.keyboard.press('Escape');
		await page.locator('[data-test-id="execute-workflow-button"]').first().click();
		const personsPath = `/api/collections/${ids[1]}/persons/`;
		const ran = async () => {
			for (let waited = 0; waited < 60_000; waited += 250) {
				if (simulator.store.requests.some((request) => request.path === personsPath)) return true;
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
			return false;
		};
		await expect(ran()).resolves.toBe(true);
		// The simulator saw the editor's list request, with the credential's token.
		const listings = simulator.store.requests.filter(
			(request) => request.method === 'GET' && request.path === '/api/collections/',
		);
		expect(listings.length).toBeGreaterThan(0);
		for (const listing of listings)
			expect(listing.headers['x-forensic-access-token']).toBe('editor-token');
		expect(ids).toHaveLength(3);
	});
});
