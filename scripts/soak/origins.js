'use strict';
// Which process sent a request to a simulator (the n8n main process, a worker, or none of them), told
// as test/e2e/renewal-origin.js tells it (from the client's end of the connection). Unlike its
// recordOrigins, the processes are looked up when a request comes, so a restarted worker is told apart
// from the one it replaced, and each entry carries the simulator's time and the status answered.
const { originOf } = require('../../test/e2e/renewal-origin');

/**
 * Records every request to `sim` (a simulator: { server, clock }) that `matches(method, path, query)`,
 * with the name of the process that sent it: `processes()` gives the current { name: pid } at each
 * request. Entries: { method, path, query, origin, pid, simAt, realAt }. Returns { entries, stop() }.
 */
function watchOrigins(sim, matches, processes) {
	const entries = [];
	const onRequest = (req, res) => {
		const url = new URL(req.url || '/', 'http://127.0.0.1');
		const query = Object.fromEntries(url.searchParams);
		if (!matches(req.method, url.pathname, query)) return;
		const { pid, origin } = originOf(req.socket, processes());
		const entry = { method: req.method, path: url.pathname, query, origin, pid, simAt: sim.clock.now(), realAt: Date.now(), status: null };
		entries.push(entry);
		// the status the client got: 0 when the connection closed unanswered
		res.on('finish', () => (entry.status = res.statusCode));
		res.on('close', () => {
			if (entry.status === null) entry.status = 0;
		});
	};
	sim.server.on('request', onRequest);
	return { entries, stop: () => sim.server.off('request', onRequest) };
}

module.exports = { watchOrigins };
