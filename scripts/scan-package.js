'use strict';
/**
 * n8n's own checker for community packages, on what npm would publish: `npm pack`, unpacked, then
 * `analyzePackage` of `@n8n/scan-community-package` — n8n's community lint rules with inline
 * `eslint-disable` comments ignored, as n8n's scanner runs them. (Its command line downloads a
 * published package from the registry; this runs the same analysis on the local tarball.)
 * Run after `npm run build`. Exits 1 on any finding.
 */
const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');

async function main() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
	try {
		const packed = JSON.parse(
			childProcess.execFileSync('npm', ['pack', '--json', '--silent', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }),
		)[0];
		childProcess.execFileSync('tar', ['xzf', path.join(dir, packed.filename), '-C', dir]);
		const { analyzePackage } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
		const result = await analyzePackage(path.join(dir, 'package'));
		if (!result.passed) {
			console.error(`n8n's package scanner: ${result.message}`);
			if (result.details) console.error(result.details);
			process.exitCode = 1;
			return;
		}
		console.log(`n8n's package scanner: ${packed.name}@${packed.version} (${packed.files.length} files, ${packed.size} bytes packed) passes`);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
