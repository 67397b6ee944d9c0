'use strict';
// Redis and PostgreSQL for n8n's queue mode, from Debian's packages, run by hand: each on a free port
// of 127.0.0.1 with its data in a temp folder, so they never meet a system-wide instance, and stopped
// by the PIDs started here (also when this process dies: processes.js kills tracked groups on exit).

const childProcess = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { aptInstall } = require('./apt');
const { PREFIX, log, seconds, sleep } = require('./log');
const { run, killGroup, trackPid, untrackPid, removeOnExit, CliError, freePort } = require('./processes');

const PG_ROOT = '/usr/lib/postgresql';
const REDIS_CANDIDATES = ['/usr/bin/redis-server', '/usr/sbin/redis-server'];
const READY_TIMEOUT_MS = 60000;

function findRedis() {
	return REDIS_CANDIDATES.find((file) => fs.existsSync(file));
}

/** The bin folder of the newest PostgreSQL major version installed (Debian keeps one per major). */
function findPostgresBin() {
	if (!fs.existsSync(PG_ROOT)) return undefined;
	const majors = fs
		.readdirSync(PG_ROOT)
		.filter((entry) => fs.existsSync(path.join(PG_ROOT, entry, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(PG_ROOT, majors[0], 'bin') : undefined;
}

/** uid/gid of a system user, from /etc/passwd (the Debian package creates `postgres`). */
function systemUser(name) {
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith(`${name}:`));
	if (!line) throw new Error(`${PREFIX} no system user "${name}" (is the postgresql package installed?)`);
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/** Installs redis-server and postgresql from Debian's packages when their binaries are missing. */
async function ensureServicePackages({ timeoutMs = 10 * 60 * 1000 } = {}) {
	const missing = [];
	if (!findRedis()) missing.push('redis-server');
	if (!findPostgresBin()) missing.push('postgresql');
	if (missing.length === 0) {
		log('Redis and PostgreSQL are installed');
		return { installed: [] };
	}
	const result = await aptInstall(missing, { timeoutMs });
	if (!findRedis() || !findPostgresBin()) throw new CliError('apt-get install succeeded but the binaries are still missing', result);
	return { installed: missing };
}

/** Sends one line to host:port and resolves what comes back (or null on any error). */
function tcpExchange(port, line, timeoutMs = 1000) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let answer = '';
		const done = (value) => {
			socket.destroy();
			resolve(value);
		};
		socket.setTimeout(timeoutMs, () => done(null));
		socket.on('error', () => done(null));
		socket.on('connect', () => socket.write(line));
		socket.on('data', (chunk) => {
			answer += chunk.toString('utf8');
			if (answer.includes('\n')) done(answer);
		});
	});
}

/** Polls `probe` until it resolves true; fails fast if the server exited, or after timeoutMs. */
async function waitUntil(label, service, probe, timeoutMs = READY_TIMEOUT_MS) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (service.exitInfo) throw new Error(`${PREFIX} ${label} exited (code ${service.exitInfo.code}) before it was ready:\n${service.lines.slice(-30).join('\n')}`);
		if (await probe()) return;
		if (Date.now() > deadline) throw new Error(`${PREFIX} ${label} not ready after ${seconds(timeoutMs)}:\n${service.lines.slice(-30).join('\n')}`);
		await sleep(100);
	}
}

/** A server process in its own group, with its last output lines kept for error messages. */
function spawnService(command, args, options) {
	const child = childProcess.spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	trackPid(child.pid);
	const service = { pid: child.pid, lines: [], exitInfo: null, exited: null };
	const collect = (chunk) => {
		for (const line of chunk.toString('utf8').split('\n')) if (line) service.lines.push(line);
		if (service.lines.length > 500) service.lines.splice(0, service.lines.length - 500);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	service.exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			untrackPid(child.pid);
			service.exitInfo = { code, signal };
			resolve(service.exitInfo);
		});
	});
	return service;
}

/** Asks the server to stop with `signal`, SIGKILLs its group after timeoutMs; never throws. */
async function stopService(service, signal, timeoutMs = 15000) {
	if (!service) return;
	if (!service.exitInfo) {
		killGroup(service.pid, signal);
		let timer;
		const timeout = new Promise((resolve) => {
			timer = setTimeout(resolve, timeoutMs);
		});
		await Promise.race([service.exited, timeout]);
		clearTimeout(timer);
	}
	// whatever the server forked (PostgreSQL's backends) shares its group
	killGroup(service.pid, 'SIGKILL');
	untrackPid(service.pid);
}

async function startRedis(dir) {
	const bin = findRedis();
	const port = await freePort();
	fs.mkdirSync(dir, { recursive: true });
	// no persistence: the queue's jobs only need to live as long as the test
	const service = spawnService(
		bin,
		['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--daemonize', 'no', '--logfile', ''],
		{ cwd: dir, env: { PATH: process.env.PATH || '/usr/bin:/bin' } },
	);
	await waitUntil('redis-server', service, async () => /^\+PONG/.test((await tcpExchange(port, 'PING\r\n')) || ''));
	return Object.assign(service, { host: '127.0.0.1', port });
}

async function startPostgres(dir) {
	const bin = findPostgresBin();
	const { uid, gid } = systemUser('postgres');
	const dataDir = path.join(dir, 'data');
	const socketDir = path.join(dir, 'socket');
	for (const folder of [dir, dataDir, socketDir]) {
		fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
		fs.chownSync(folder, uid, gid);
	}
	const env = { PATH: `${bin}:${process.env.PATH || '/usr/bin:/bin'}`, LANG: 'C', LC_ALL: 'C', HOME: dir };
	const initdb = await run(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'], {
		cwd: dir,
		env,
		uid,
		gid,
		timeoutMs: 120000,
	});
	if (initdb.code !== 0) throw new CliError('initdb failed', initdb);
	const port = await freePort();
	// a throw-away database: durability settings off, which makes n8n's migrations several times faster
	const settings = ['listen_addresses=127.0.0.1', `port=${port}`, `unix_socket_directories=${socketDir}`, 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=100'];
	const service = spawnService(path.join(bin, 'postgres'), ['-D', dataDir, ...settings.flatMap((setting) => ['-c', setting])], { cwd: dir, env, uid, gid });
	const isReady = path.join(bin, 'pg_isready');
	await waitUntil('postgres', service, async () => (await run(isReady, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'], { env, timeoutMs: 5000 })).code === 0);
	return Object.assign(service, { host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
}

/**
 * Installs (when missing) and starts Redis and PostgreSQL for one test run. Returns
 * { redis, postgres, env, stop() } where env holds n8n's settings for both.
 */
async function startQueueServices({ root } = {}) {
	const folder = root || fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-services-'));
	// the `postgres` user must reach its folders below this one
	fs.chmodSync(folder, 0o755);
	const services = { folder, redis: null, postgres: null };
	const keepFolder = removeOnExit(folder);
	services.stop = async () => {
		await stopService(services.redis, 'SIGTERM');
		// SIGINT is PostgreSQL's "fast" shutdown: no waiting for clients to disconnect
		await stopService(services.postgres, 'SIGINT');
		keepFolder();
		fs.rmSync(folder, { recursive: true, force: true });
		log('Redis and PostgreSQL stopped, their data removed');
	};
	try {
		await ensureServicePackages();
		let started = Date.now();
		services.redis = await startRedis(path.join(folder, 'redis'));
		log(`Redis listening on 127.0.0.1:${services.redis.port} (pid ${services.redis.pid}, ready in ${seconds(Date.now() - started)})`);
		started = Date.now();
		services.postgres = await startPostgres(path.join(folder, 'postgres'));
		log(`PostgreSQL listening on 127.0.0.1:${services.postgres.port} (pid ${services.postgres.pid}, initdb + ready in ${seconds(Date.now() - started)})`);
	} catch (error) {
		await services.stop();
		throw error;
	}
	services.env = {
		QUEUE_BULL_REDIS_HOST: services.redis.host,
		QUEUE_BULL_REDIS_PORT: String(services.redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: services.postgres.host,
		DB_POSTGRESDB_PORT: String(services.postgres.port),
		DB_POSTGRESDB_DATABASE: services.postgres.database,
		DB_POSTGRESDB_USER: services.postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
	};
	return services;
}

module.exports = { ensureServicePackages, findPostgresBin, findRedis, startQueueServices, spawnService, stopService, systemUser };
