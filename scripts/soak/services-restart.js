'use strict';
// Restarts of the queue's Redis and PostgreSQL (started by scripts/n8n-local/services.js) on the same
// port and data folder, as an operator's restart would: the old server is stopped, then the same
// command starts again. The new server replaces the old one in the `services` object, so that
// services.stop() stops it by its PID; it is tracked like every process n8n-local starts.

const path = require('node:path');

const n8nServices = require('../n8n-local/services');
const { run } = require('../n8n-local/processes');
const { sleep, waitFor } = require('./log');

const { spawnService, systemUser } = n8nServices;

/** Stops a server as services.js does (`signal`, then SIGKILL to its group). Resolves { ms }. */
async function stop(service, signal) {
	const started = Date.now();
	await n8nServices.stopService(service, signal);
	return { ms: Date.now() - started };
}

function tcpPing(port) {
	return new Promise((resolve) => {
		const socket = require('node:net').connect({ host: '127.0.0.1', port });
		let answer = '';
		const done = (value) => {
			socket.destroy();
			resolve(value);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString('utf8');
			if (answer.includes('\n')) done(/^\+PONG/.test(answer));
		});
	});
}

/**
 * Redis stopped (SIGTERM: with no persistence configured, as services.js runs it, its data goes: the
 * queue's jobs, locks and n8n's keys) and started again on the same port. `downMs`: time between.
 */
async function restartRedis(services, { downMs = 0 } = {}) {
	const old = services.redis;
	const stopped = await stop(old, 'SIGTERM');
	if (downMs) await sleep(downMs);
	const started = Date.now();
	const dir = path.join(services.folder, 'redis');
	const args = ['--bind', '127.0.0.1', '--port', String(old.port), '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--daemonize', 'no', '--logfile', ''];
	const service = spawnService(n8nServices.findRedis(), args, { cwd: dir, env: { PATH: process.env.PATH || '/usr/bin:/bin' } });
	Object.assign(service, { host: old.host, port: old.port });
	services.redis = service;
	await waitFor('Redis to answer PING again', async () => {
		if (service.exitInfo) throw new Error(`redis-server exited: ${service.lines.slice(-10).join('\n')}`);
		return (await tcpPing(old.port)) ? true : undefined;
	}, { timeoutMs: 30000, intervalMs: 100 });
	return { stoppedInMs: stopped.ms, readyInMs: Date.now() - started, pid: service.pid };
}

/**
 * PostgreSQL stopped (SIGINT, its "fast" shutdown: clients are disconnected, data is kept) and started
 * again on the same port and data folder.
 */
async function restartPostgres(services, { downMs = 0 } = {}) {
	const old = services.postgres;
	const stopped = await stop(old, 'SIGINT');
	if (downMs) await sleep(downMs);
	const started = Date.now();
	const bin = n8nServices.findPostgresBin();
	const { uid, gid } = systemUser('postgres');
	const dir = path.join(services.folder, 'postgres');
	const env = { PATH: `${bin}:${process.env.PATH || '/usr/bin:/bin'}`, LANG: 'C', LC_ALL: 'C', HOME: dir };
	const settings = [
		'listen_addresses=127.0.0.1',
		`port=${old.port}`,
		`unix_socket_directories=${path.join(dir, 'socket')}`,
		'fsync=off',
		'synchronous_commit=off',
		'full_page_writes=off',
		'max_connections=100',
	];
	const service = spawnService(path.join(bin, 'postgres'), ['-D', path.join(dir, 'data'), ...settings.flatMap((setting) => ['-c', setting])], { cwd: dir, env, uid, gid });
	Object.assign(service, { host: old.host, port: old.port, user: old.user, database: old.database });
	services.postgres = service;
	await waitFor('PostgreSQL to accept connections again', async () => {
		if (service.exitInfo) throw new Error(`postgres exited: ${service.lines.slice(-10).join('\n')}`);
		const ready = await run(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(old.port), '-U', 'postgres'], { env, timeoutMs: 5000 });
		return ready.code === 0 ? true : undefined;
	}, { timeoutMs: 60000, intervalMs: 100 });
	return { stoppedInMs: stopped.ms, readyInMs: Date.now() - started, pid: service.pid };
}

/**
 * PostgreSQL refuses (`refused` true) or again accepts new rows in n8n's execution table, through a
 * trigger that raises an error before each insert (n8n connects as a superuser, to whom privileges do
 * not apply). Every other query goes on: it is the moment of a restart at which n8n cannot record
 * an execution it starts, held for as long as the caller needs.
 */
async function refuseNewExecutions(services, refused) {
	const { host, port, user, database } = services.postgres;
	const sql = refused
		? `CREATE OR REPLACE FUNCTION soak_refuse_execution() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the database refuses new executions (soak fault)'; END $$;
		   CREATE TRIGGER soak_refuse_execution BEFORE INSERT ON execution_entity FOR EACH ROW EXECUTE FUNCTION soak_refuse_execution();`
		: 'DROP TRIGGER IF EXISTS soak_refuse_execution ON execution_entity;';
	const result = await run(path.join(n8nServices.findPostgresBin(), 'psql'), ['-h', host, '-p', String(port), '-U', user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-c', sql], { timeoutMs: 10000 });
	if (result.code !== 0) throw new Error(`psql could not ${refused ? 'install' : 'remove'} the refusal: ${String(result.output || result.stderr || '').slice(-400)}`);
}

module.exports = { restartRedis, restartPostgres, refuseNewExecutions };
