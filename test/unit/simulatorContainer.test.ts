import { buildContainer, damage, startSimulator, type Simulator } from '../../simulator';

/*
 * The simulator's OzCapsula stand-in (simulator/README.md, "OzCapsula containers"): session
 * tokens (page "Using OzCapsula Data Container in Web SDK") and containers on the single
 * request's and the Instant API's paths (page "OzCapsula Data Container").
 */
const TOKEN = 'container-token';
// Built, not written out: a password literal would read as a leaked secret to scanners.
const OPERATOR = { email: 'operator@example.com', password: ['op', 'pw'].join('-') };
const CLIENT = { email: 'client@example.com', password: ['cl', 'pw'].join('-') };
const VIDEO = Buffer.from('a selfie video, as bytes');
const PHOTO = Buffer.from('an id photo, as bytes');

let simulator: Simulator;

beforeAll(async () => {
	simulator = await startSimulator({
		tokens: [TOKEN],
		users: [{ ...OPERATOR, role: 'OPERATOR' as const }, CLIENT],
	});
});
afterAll(() => simulator.close());
beforeEach(async () => {
	const reset = await fetch(`${simulator.url}/_sim/reset`, { method: 'POST' });
	expect(reset.status).toBe(200);
});

interface Answer {
	status: number;
	body: Record<string, unknown> & {
		error_code?: number;
		error_message?: string;
		details?: { description?: string } | null;
	};
}

async function call(path: string, init: RequestInit = {}, token: string | null = TOKEN) {
	const headers = new Headers(init.headers);
	if (token !== null) headers.set('x-forensic-access-token', token);
	const response = await fetch(`${simulator.url}${path}`, { ...init, headers });
	const text = await response.text();
	return {
		status: response.status,
		body: (text.startsWith('{') || text.startsWith('[')
			? JSON.parse(text)
			: { text }) as Answer['body'],
	};
}

async function sessionToken(accessToken = TOKEN): Promise<string> {
	const answer = await call('/api/authorize/session_token', {}, accessToken);
	expect(answer.status).toBe(200);
	return answer.body.session_token as string;
}

function sendContainer(path: string, container: Buffer, token: string | null = TOKEN) {
	return call(
		path,
		{
			method: 'POST',
			headers: { 'content-type': 'application/octet-stream' },
			body: new Uint8Array(container),
		},
		token,
	);
}

/** A selfie video and an ID photo, with a transaction id, and liveness plus face matching. */
function capture(
	sessionTokenValue: string,
	extra: Partial<Parameters<typeof buildContainer>[0]> = {},
) {
	return buildContainer({
		sessionToken: sessionTokenValue,
		files: [
			{ key: 'video1', data: VIDEO, fileName: 'selfie.mp4' },
			{ key: 'photo1', data: PHOTO, fileName: 'id.jpg' },
		],
		folderMetadata: { transaction_id: 'A-1' },
		mediaMetadata: { video1: { camera: 'front' } },
		analyses: [{ type: 'quality' }, { type: 'biometry' }],
		...extra,
	});
}

/** The same request as multipart, as the node sends it without a container. */
function sendMultipart(path: string) {
	const form = new FormData();
	form.append('video1', new Blob([new Uint8Array(VIDEO)], { type: 'video/mp4' }), 'selfie.mp4');
	form.append('photo1', new Blob([new Uint8Array(PHOTO)], { type: 'image/jpeg' }), 'id.jpg');
	form.append(
		'payload',
		JSON.stringify({
			'folder:meta_data': { transaction_id: 'A-1' },
			'media:meta_data': { video1: { camera: 'front' } },
			'media:tags': {
				video1: ['video_selfie', 'video_selfie_blank', 'orientation_portrait'],
				photo1: ['photo_selfie'],
			},
			analyses: [{ type: 'quality' }, { type: 'biometry' }],
		}),
	);
	return call(path, { method: 'POST', body: form });
}

/** What two answers must share: the fields, and each analysis's type, state and decision. */
function shape(body: Answer['body']) {
	const analyses = body.analyses as Array<Record<string, unknown>>;
	const media = body.media as Array<Record<string, unknown>>;
	return {
		keys: Object.keys(body).sort(),
		resolution_status: body.resolution_status,
		system_resolution: body.system_resolution,
		meta_data: body.meta_data,
		analyses: analyses.map((a) => ({
			type: a.type,
			state: a.state,
			resolution: a.resolution,
			results_data: a.results_data,
		})),
		media: media.map((m) => ({ name: m.original_name, tags: m.tags, meta: m.meta_data })),
	};
}

function expectRefusal(answer: Answer, status: number, code: number, message: string) {
	expect({
		status: answer.status,
		code: answer.body.error_code,
		message: answer.body.error_message,
	}).toEqual({
		status,
		code,
		message,
	});
}

describe('session tokens', () => {
	it('are issued on GET /api/authorize/session_token, with or without the slash, and differ each time', async () => {
		const first = await sessionToken();
		const second = await call('/api/authorize/session_token/');
		expect(first).toMatch(/^sim-st-[0-9a-f]{32}$/);
		expect(second.status).toBe(200);
		expect(second.body.session_token).not.toBe(first);
	});

	it('need the access token', async () => {
		const answer = await call('/api/authorize/session_token', {}, null);
		expectRefusal(answer, 401, 6, 'Authentication credentials were not provided');
	});

	it('are refused to an OPERATOR with 403 code 9, and given to a logged-in CLIENT', async () => {
		const login = async (user: { email: string; password: string }) => {
			const answer = await call(
				'/api/authorize/auth',
				{ method: 'POST', body: JSON.stringify({ credentials: user }) },
				null,
			);
			expect(answer.status).toBe(200);
			return answer.body.access_token as string;
		};
		const refused = await call('/api/authorize/session_token', {}, await login(OPERATOR));
		expectRefusal(refused, 403, 9, 'Users with the OPERATOR role may not request session tokens');
		expect(await sessionToken(await login(CLIENT))).toMatch(/^sim-st-/);
	});

	it('an older Oz (noSessionTokens) knows neither the path nor containers: 404 code 10', async () => {
		const token = await sessionToken();
		simulator.settings.quirks = { noSessionTokens: true };
		expectRefusal(
			await call('/api/authorize/session_token'),
			404,
			10,
			'No such endpoint: /api/authorize/session_token',
		);
		expectRefusal(
			await sendContainer('/api/folders', capture(token)),
			404,
			10,
			'No such endpoint: /api/folders',
		);
		expect(simulator.store.folders.size).toBe(0);
	});
});

describe('containers', () => {
	it.each([
		['/api/folders', true],
		['/api/instant/folders', false],
	])('on %s answer as the multipart single request does', async (path, stored) => {
		const multipart = await sendMultipart(path);
		const container = await sendContainer(path, capture(await sessionToken()));
		expect(multipart.status).toBe(201);
		expect(container.status).toBe(201);
		expect(shape(container.body)).toEqual(shape(multipart.body));
		expect(container.body).toMatchObject({
			resolution_status: 'FINISHED',
			analyses: [
				{ type: 'QUALITY', state: 'FINISHED' },
				{ type: 'BIOMETRY', state: 'FINISHED' },
			],
		});
		// Two folders from the single request, none from the Instant API.
		expect(simulator.store.folders.size).toBe(stored ? 2 : 0);
	});

	it("the stored folder carries the container's metadata and tags, and the request records what it held", async () => {
		const token = await sessionToken();
		const answer = await sendContainer('/api/folders/', capture(token));
		expect(answer.status).toBe(201);
		const folder = await call(`/api/folders/${answer.body.folder_id as string}?with_analyses=true`);
		expect(folder.body.meta_data).toEqual({ transaction_id: 'A-1' });
		expect(
			(folder.body.media as Array<Record<string, unknown>>).map((m) => [m.tags, m.meta_data]),
		).toEqual([
			[['video_selfie', 'video_selfie_blank', 'orientation_portrait'], { camera: 'front' }],
			[['photo_selfie'], {}],
		]);
		const received = simulator.store.requests.find((r) => r.container);
		expect(received?.container).toEqual({
			sessionToken: token,
			payload: expect.objectContaining({ 'folder:meta_data': { transaction_id: 'A-1' } }),
			media: [
				{ key: 'video1', fileName: 'selfie.mp4', mimeType: 'video/mp4', size: VIDEO.length },
				{ key: 'photo1', fileName: 'id.jpg', mimeType: 'image/jpeg', size: PHOTO.length },
			],
		});
		expect(
			received?.files.map((f) => [f.field, f.data.equals(f.field === 'video1' ? VIDEO : PHOTO)]),
		).toEqual([
			['video1', true],
			['photo1', true],
		]);
		expect(JSON.parse(received?.fields.payload ?? '{}').analyses).toEqual([
			{ type: 'quality' },
			{ type: 'biometry' },
		]);
	});

	it('an unknown session token: 400 code 14', async () => {
		const answer = await sendContainer('/api/folders', capture('sim-st-made-up'));
		expectRefusal(answer, 400, 14, 'Invalid or empty Session Token');
		expect(simulator.store.folders.size).toBe(0);
	});

	it('an expired session token (sessionTokenTtlMs): 400 code 14', async () => {
		const settings = await call('/_sim/settings', {
			method: 'POST',
			body: JSON.stringify({ containers: { sessionTokenTtlMs: 30 } }),
		});
		expect(settings.body.containers).toEqual({ sessionTokenTtlMs: 30, singleUseTokens: true });
		const token = await sessionToken();
		await new Promise((resolve) => setTimeout(resolve, 60));
		const answer = await sendContainer('/api/folders', capture(token));
		expectRefusal(answer, 400, 14, 'Invalid or empty Session Token');
		expect(answer.body.details?.description).toBe('The session token has expired');
		expect(simulator.store.folders.size).toBe(0);
	});

	it('a replayed container: 400 code 14, and no second folder', async () => {
		const container = capture(await sessionToken());
		expect((await sendContainer('/api/folders', container)).status).toBe(201);
		const replay = await sendContainer('/api/folders', container);
		expectRefusal(replay, 400, 14, 'Invalid or empty Session Token');
		expect(replay.body.details?.description).toBe('The session token was already used');
		expect(simulator.store.folders.size).toBe(1);
	});

	it('the token is spent once the container is taken, even when the answer is lost', async () => {
		const container = capture(await sessionToken());
		simulator.settings.failNext = [{ kind: 'afterStore' }];
		await expect(sendContainer('/api/folders', container)).rejects.toThrow();
		expect(simulator.store.folders.size).toBe(1);
		expectRefusal(
			await sendContainer('/api/folders', container),
			400,
			14,
			'Invalid or empty Session Token',
		);
	});

	it('with singleUseTokens off a replay is taken and makes a second folder', async () => {
		simulator.settings.containers.singleUseTokens = false;
		const container = capture(await sessionToken());
		const first = await sendContainer('/api/folders', container);
		const second = await sendContainer('/api/folders', container);
		expect([first.status, second.status]).toEqual([201, 201]);
		expect(second.body.folder_id).not.toBe(first.body.folder_id);
		expect(simulator.store.folders.size).toBe(2);
	});

	it('a damaged container: 400 code 5 "Container is damaged", and its token is not spent', async () => {
		const token = await sessionToken();
		const answer = await sendContainer('/api/folders', damage(capture(token)));
		expectRefusal(answer, 400, 5, 'Invalid request data');
		expect(answer.body.details).toEqual({ description: 'Container is damaged' });
		expect((await sendContainer('/api/folders', capture(token))).status).toBe(201);
	});

	it('no media: 400 code 4; no payload: 400 code 3', async () => {
		const token = await sessionToken();
		const noMedia = await sendContainer('/api/folders', capture(token, { files: [] }));
		expectRefusal(noMedia, 400, 4, 'Invalid request data');
		expect(noMedia.body.details).toEqual({
			description: 'No media have been added into container',
		});
		const noPayload = await sendContainer('/api/folders', capture(token, { omitPayload: true }));
		expectRefusal(noPayload, 400, 3, 'Invalid request data');
		expect(noPayload.body.details).toEqual({ description: 'Missing payload.json' });
		expect(simulator.store.folders.size).toBe(0);
	});

	it('an empty body: 400 code 13; bytes that are no container, or cut off: 400 code 14', async () => {
		const empty = await sendContainer('/api/folders', Buffer.alloc(0));
		expectRefusal(empty, 400, 13, 'No data container provided');
		const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64)]);
		expectRefusal(
			await sendContainer('/api/folders', jpeg),
			400,
			14,
			'Data container unpacking failed',
		);
		const whole = capture(await sessionToken());
		const cut = whole.subarray(0, whole.length - 40);
		expectRefusal(
			await sendContainer('/api/folders', cut),
			400,
			14,
			'Data container unpacking failed',
		);
	});

	it('the stand-in format starts with OZSIMCAP and version 1, ends with the SHA-256, and guesses tags and types', async () => {
		const container = buildContainer({
			sessionToken: 't',
			files: [
				{ key: 'a', data: VIDEO, fileName: 'x.MP4' },
				{ key: 'b', data: PHOTO, fileName: 'y.png' },
			],
		});
		expect(container.subarray(0, 9)).toEqual(Buffer.from('OZSIMCAP\x01', 'latin1'));
		const length = container.readUInt32BE(9);
		const manifest = JSON.parse(container.subarray(13, 13 + length).toString('utf8'));
		expect(manifest).toEqual({
			session_token: 't',
			payload: {
				'media:tags': {
					a: ['video_selfie', 'video_selfie_blank', 'orientation_portrait'],
					b: ['photo_selfie'],
				},
				analyses: [{ type: 'quality' }],
			},
			media: [
				{ key: 'a', file_name: 'x.MP4', mime_type: 'video/mp4', size: VIDEO.length },
				{ key: 'b', file_name: 'y.png', mime_type: 'image/png', size: PHOTO.length },
			],
		});
		expect(container.length).toBe(13 + length + VIDEO.length + PHOTO.length + 32);
		expect(damage(container).equals(container)).toBe(false);
	});
});

describe('guesses', () => {
	it('container-slash: both spellings take a container; with containerExactPath the slash goes the multipart way (code 3)', async () => {
		const token = await sessionToken();
		expect((await sendContainer('/api/instant/folders/', capture(token))).status).toBe(201);
		simulator.settings.quirks = { containerExactPath: true };
		expectRefusal(
			await sendContainer('/api/folders/', capture(await sessionToken())),
			400,
			3,
			'Content-Type must be multipart/form-data',
		);
		expect((await sendContainer('/api/folders', capture(await sessionToken()))).status).toBe(201);
	});

	it('instant-token: containers need the access token, but with instantNoAuth not on the Instant path', async () => {
		const token = await sessionToken();
		expectRefusal(
			await sendContainer('/api/instant/folders', capture(token), null),
			401,
			6,
			'Authentication credentials were not provided',
		);
		simulator.settings.quirks = { instantNoAuth: true };
		expect((await sendContainer('/api/instant/folders', capture(token), null)).status).toBe(201);
		expectRefusal(
			await sendContainer('/api/folders', capture(await sessionToken()), null),
			401,
			6,
			'Authentication credentials were not provided',
		);
	});

	it('instant-token: with earlyAnswers too, the Instant container is not refused from the headers', async () => {
		simulator.settings.quirks = { instantNoAuth: true, earlyAnswers: true };
		const answer = await sendContainer('/api/instant/folders', capture(await sessionToken()), null);
		expect(answer.status).toBe(201);
	});
});
