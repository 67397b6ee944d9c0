'use strict';
// Preloaded into the n8n process by the end-to-end tests (NODE_OPTIONS=--require=…) so that n8n's
// clock moves with the simulators' clocks: "24 hours later" for both sides of the conversation.
const offset = Number(process.env.E2E_CLOCK_OFFSET_MS || 0);
if (offset) {
	const realNow = Date.now.bind(Date);
	Date.now = () => realNow() + offset;
}
