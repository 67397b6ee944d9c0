'use strict';
// Preloaded into the n8n process by the end-to-end tests (NODE_OPTIONS=--require=…) so that n8n's
// clock moves with the simulators' clocks: "24 hours later" for both sides of the conversation.
//
// E2E_CLOCK_OFFSET_MS fixes the offset for a process that lives one command (`n8n execute`).
// E2E_CLOCK_OFFSET_FILE names a file holding the offset, for processes that keep running while the
// test moves time (queue mode's main and workers): it is read again every CHECK_MS, and each value
// applied is acknowledged in `<file>.<pid>`, so the test can wait until every process has moved
// instead of guessing how long that takes.
const fs = require('node:fs');

const CHECK_MS = 100;
const file = process.env.E2E_CLOCK_OFFSET_FILE;
let offset = Number(process.env.E2E_CLOCK_OFFSET_MS || 0);

if (file) {
	let applied;
	const follow = () => {
		let next;
		try {
			next = Number(fs.readFileSync(file, 'utf8').trim());
		} catch {
			return; // not written yet, or being replaced: keep the current offset
		}
		if (!Number.isFinite(next) || next === applied) return;
		offset = next;
		applied = next;
		try {
			fs.writeFileSync(`${file}.${process.pid}`, String(next));
		} catch {
			// the test's folder is gone: it no longer listens
		}
	};
	follow();
	setInterval(follow, CHECK_MS).unref();
}

if (offset || file) {
	const realNow = Date.now.bind(Date);
	Date.now = () => realNow() + offset;
}
