/**
 * Draws the sample media in samples/: a cartoon face (no real person) as short selfie
 * videos, an ID card photo and the simulator's best shot. Each file is re-encoded with a different seed until the
 * simulator's deterministic results give the outcome the examples need.
 * Needs ffmpeg (Debian package `ffmpeg`); the outputs are committed, so CI does not.
 *   npx tsx scripts/make-samples.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BIOMETRY_THRESHOLD, LIVENESS_THRESHOLD, livenessScore, similarity } from '../simulator';

const out = join(__dirname, '..', 'samples');
const work = mkdtempSync(join(tmpdir(), 'oz-samples-'));

function face(skin: string, shirt: string, mark: number): string {
	return `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="320" viewBox="0 0 240 320">
  <rect width="240" height="320" fill="#dfe7f5"/>
  <rect x="0" y="0" width="2" height="2" fill="rgb(${mark % 256},${(mark >> 8) % 256},200)"/>
  <ellipse cx="120" cy="150" rx="70" ry="90" fill="${skin}" stroke="#a0744e" stroke-width="3"/>
  <circle cx="95" cy="135" r="8" fill="#333"/><circle cx="145" cy="135" r="8" fill="#333"/>
  <path d="M95 190 Q120 210 145 190" fill="none" stroke="#a33" stroke-width="5" stroke-linecap="round"/>
  <rect x="60" y="255" width="120" height="65" rx="30" fill="${shirt}"/>
</svg>`;
}

function idCard(mark: number): string {
	return `<svg xmlns="http://www.w3.org/2000/svg" width="428" height="270" viewBox="0 0 428 270">
  <rect width="428" height="270" rx="18" fill="#e8f1ea" stroke="#4a7a5a" stroke-width="4"/>
  <rect x="0" y="0" width="2" height="2" fill="rgb(${mark % 256},${(mark >> 8) % 256},120)"/>
  <rect x="24" y="24" width="380" height="26" rx="6" fill="#4a7a5a"/>
  <rect x="28" y="70" width="130" height="170" fill="#dfe7f5"/>
  <ellipse cx="93" cy="150" rx="40" ry="52" fill="#f2c9a0" stroke="#a0744e" stroke-width="2"/>
  <circle cx="79" cy="140" r="5" fill="#333"/><circle cx="107" cy="140" r="5" fill="#333"/>
  <path d="M79 172 Q93 184 107 172" fill="none" stroke="#a33" stroke-width="3" stroke-linecap="round"/>
  ${[86, 118, 150, 182, 214].map((y, i) => `<rect x="180" y="${y}" width="${200 - i * 22}" height="12" rx="4" fill="#9bb5a3"/>`).join('')}
</svg>`;
}

function ffmpeg(...args: string[]): void {
	execFileSync('ffmpeg', ['-y', '-loglevel', 'error', ...args]);
}

function video(name: string, svg: string, seed: number): Buffer {
	const svgPath = join(work, `${name}.svg`);
	const pngPath = join(work, `${name}.png`);
	const mp4Path = join(work, `${name}-${seed}.mp4`);
	writeFileSync(svgPath, svg);
	ffmpeg('-i', svgPath, pngPath);
	ffmpeg(
		'-loop',
		'1',
		'-i',
		pngPath,
		'-t',
		'2',
		'-r',
		'10',
		'-vf',
		"zoompan=z='1+0.002*on':d=1:s=240x320,format=yuv420p",
		'-c:v',
		'libx264',
		'-preset',
		'veryslow',
		'-crf',
		'35',
		'-movflags',
		'+faststart',
		'-metadata',
		`comment=oz-n8n sample ${seed}`,
		mp4Path,
	);
	return readFileSync(mp4Path);
}

function photo(name: string, svg: string): Buffer {
	const svgPath = join(work, `${name}.svg`);
	const jpgPath = join(work, `${name}.jpg`);
	writeFileSync(svgPath, svg);
	ffmpeg('-i', svgPath, '-q:v', '4', jpgPath);
	return readFileSync(jpgPath);
}

function search<T>(what: string, make: (seed: number) => T, ok: (value: T) => boolean): T {
	for (let seed = 1; seed < 400; seed++) {
		const value = make(seed);
		if (ok(value)) return value;
	}
	throw new Error(`no seed gives ${what}`);
}

const live = (data: Buffer) => livenessScore(data) < LIVENESS_THRESHOLD;
const skins = ['#f2c9a0', '#d9a07a', '#a8714f', '#f5d6b8'];
const shirts = ['#4a6fa5', '#a54a6f', '#4aa57a', '#a5874a'];

mkdirSync(join(out, 'batch'), { recursive: true });
const selfie = search(
	'a live selfie',
	(s) => video('selfie-live', face(skins[0], shirts[0], s), s),
	live,
);
writeFileSync(join(out, 'selfie-live.mp4'), selfie);
writeFileSync(
	join(out, 'selfie-spoof.mp4'),
	search(
		'a spoofed selfie',
		(s) => video('selfie-spoof', face(skins[0], shirts[0], 1000 + s), s),
		(d) => !live(d),
	),
);
writeFileSync(
	join(out, 'id-front.jpg'),
	search(
		'an ID photo matching the selfie',
		(s) => photo(`id-${s}`, idCard(s)),
		(d) => similarity(selfie, d) >= BIOMETRY_THRESHOLD,
	),
);
// What the simulator serves as the best shot of any liveness video (page "Best Shot").
writeFileSync(join(out, 'best-shot.jpg'), photo('best-shot', face(skins[0], shirts[0], 0)));
// The batch: three live applicants and one spoof, so the summary has both outcomes.
['live', 'live', 'spoof', 'live'].forEach((outcome, i) => {
	const data = search(
		`applicant ${i + 1} ${outcome}`,
		(s) => video(`applicant-${i}`, face(skins[i], shirts[i], 2000 + 100 * i + s), s),
		(d) => live(d) === (outcome === 'live'),
	);
	writeFileSync(join(out, 'batch', `applicant-${i + 1}.mp4`), data);
});
rmSync(work, { recursive: true, force: true });
process.stdout.write(`Sample media written to ${out}\n`);
