'use strict';
// Which process sent a request to a simulator (the n8n main process, a worker, or none of them),
// read from the client's end of the connection as test/e2e/renewal-origin.js does: its port leads to a
// socket inode in /proc/net/tcp, the inode to the process holding it. Unlike that module, the
// processes are looked up when a request comes, so a restarted worker is told apart from the one it
// replaced, and each entry carries the simulator's time.
const fs = require('node:fs');

/** Inode of the TCP socket whose local port is `localPort` and remote port `remotePort`. */
function socketInode(localPort, remotePort) {
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text;
		try {
			text = fs.readFileSync(table, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const columns = line.trim().split(/\s+/);
			if (columns.length < 10) continue;
			const local = parseInt(columns[1].split(':').pop(), 16);
			const remote = parseInt(columns[2].split(':').pop(), 16);
			if (local === localPort && remote === remotePort) return columns[9];
		}
	}
	return undefined;
}

function holderOf(inode, pids) {
	const target = `socket:[${inode}]`;
	for (const pid of pids) {
		let fds = [];
		try {
			fds = fs.readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return pid;
			} catch {
				// closed meanwhile
			}
		}
	}
	return undefined;
}

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
		const names = new Map(Object.entries(processes()).map(([name, pid]) => [pid, name]));
		const inode = socketInode(req.socket.remotePort, req.socket.localPort);
		const pid = inode && holderOf(inode, names.keys());
		const entry = { method: req.method, path: url.pathname, query, origin: (pid && names.get(pid)) || 'unknown', pid, simAt: sim.clock.now(), realAt: Date.now(), status: null };
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
