'use strict';
// The soak's own output: progress lines on stderr (stdout carries only the JSON report), and a copy of
// everything this process writes (its own lines, the in-process simulators', n8n-local's) kept for the
// secret scan at the end.

const captured = [];
let capturing = false;

/** From now on, keeps a copy of what this process writes to stdout and stderr. */
function captureOutput() {
	if (capturing) return;
	capturing = true;
	for (const stream of [process.stdout, process.stderr]) {
		const write = stream.write.bind(stream);
		stream.write = (chunk, ...rest) => {
			captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
			return write(chunk, ...rest);
		};
	}
}

/** Everything written since captureOutput(). */
function capturedOutput() {
	return captured.join('');
}

const started = Date.now();

function say(line) {
	const elapsed = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
	process.stderr.write(`[soak ${elapsed}s] ${line}\n`);
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns something other than undefined; throws after timeoutMs. */
async function waitFor(what, check, { timeoutMs = 30000, intervalMs = 200 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${(timeoutMs / 1000).toFixed(0)} s waiting for ${what}`);
		await sleep(intervalMs);
	}
}

module.exports = { captureOutput, capturedOutput, say, sleep, waitFor };
