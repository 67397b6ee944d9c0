'use strict';
// Which n8n process sent a request to a simulator. Every process talks from 127.0.0.1, so the
// simulator's view of the connection says nothing; the client's end of it does: its port leads to a
// socket inode in /proc/net/tcp, and the inode to the process whose file descriptors hold it. Linux
// only, read-only, and done only for the few requests that matter (logins and refreshes).
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
 * Which of `processes` ({ name: pid }) holds the client's end of a request's `socket` (the server's
 * side of the connection): { pid, origin: its name }, or origin 'unknown' when none does.
 */
function originOf(socket, processes) {
	const names = new Map(Object.entries(processes).map(([name, pid]) => [pid, name]));
	const inode = socketInode(socket.remotePort, socket.localPort);
	const pid = inode && holderOf(inode, names.keys());
	return { pid, origin: (pid && names.get(pid)) || 'unknown' };
}

/**
 * Records, for every request to `server` that `matches(method, path)`, which of the `processes`
 * ({ name: pid }) sent it ('unknown' when none holds the socket). Returns { entries, stop() };
 * entries are { method, path, origin }.
 */
function recordOrigins(server, matches, processes) {
	const entries = [];
	const onRequest = (req) => {
		const path = (req.url || '').split('?')[0];
		if (!matches(req.method, path)) return;
		entries.push({ method: req.method, path, origin: originOf(req.socket, processes).origin });
	};
	server.on('request', onRequest);
	return { entries, stop: () => server.off('request', onRequest) };
}

/** { origin: count } of entries. */
function countByOrigin(entries) {
	const counts = {};
	for (const { origin } of entries) counts[origin] = (counts[origin] || 0) + 1;
	return counts;
}

module.exports = { recordOrigins, countByOrigin, originOf };
