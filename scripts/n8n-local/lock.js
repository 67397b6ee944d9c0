'use strict';
// Parallel test runs and demos share one cache folder; only one of them may provision it at a time.

const fs = require('node:fs');
const path = require('node:path');

const { PREFIX, log, sleep } = require('./log');
const { isAlive, onExit, cancelOnExit } = require('./processes');

/**
 * Runs fn while holding lockDir. mkdir is atomic, so it is the lock; a lock whose owner died (or that
 * never got its pid file within a minute) is taken over, and the lock goes when this process exits.
 */
async function withLock(lockDir, maxWaitMs, fn) {
	fs.mkdirSync(path.dirname(lockDir), { recursive: true });
	const deadline = Date.now() + maxWaitMs;
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let owner = NaN;
			try {
				owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
			} catch {
				// pid file not written yet
			}
			let ageMs = 0;
			try {
				ageMs = Date.now() - fs.statSync(lockDir).mtimeMs;
			} catch {
				continue;
			}
			if ((Number.isFinite(owner) && owner > 0 && !isAlive(owner)) || (!Number.isFinite(owner) && ageMs > 60000)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) {
				throw new Error(`${PREFIX} timed out waiting for the provisioning lock ${lockDir} (held by pid ${owner})`);
			}
			if (!announced) {
				log(`another process (pid ${owner}) is provisioning; waiting for it…`);
				announced = true;
			}
			await sleep(2000);
		}
	}
	const release = () => fs.rmSync(lockDir, { recursive: true, force: true });
	onExit(release);
	try {
		return await fn();
	} finally {
		cancelOnExit(release);
		release();
	}
}

module.exports = { withLock };
