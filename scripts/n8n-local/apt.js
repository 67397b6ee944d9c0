'use strict';
// Debian packages the toolkit needs (Redis and PostgreSQL for queue mode, Chromium for the README's
// screenshots), installed on demand so that a fresh machine needs nothing but `npm ci`.

const { PREFIX, log, seconds } = require('./log');
const { run, CliError } = require('./processes');

/**
 * `apt-get install` of `packages`. CI has no standard input and may have no package lists yet: the
 * install is non-interactive, and a failure for want of lists is retried once after `apt-get update`.
 */
async function aptInstall(packages, { timeoutMs = 10 * 60 * 1000 } = {}) {
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new Error(`${PREFIX} ${packages.join(' and ')} missing; install them (apt-get install ${packages.join(' ')}) or run as root`);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	// another apt-get (a parallel run, an unattended upgrade) may hold dpkg's lock for a while
	const lockWait = ['-o', 'DPkg::Lock::Timeout=300'];
	const install = () =>
		run('apt-get', [...lockWait, 'install', '-y', '-q', '--no-install-recommends', ...packages], { env, timeoutMs, input: '' });
	log(`installing ${packages.join(' and ')} with apt-get…`);
	let result = await install();
	if (result.code !== 0 && /Unable to locate package|has no installation candidate|404\s+Not Found|Failed to fetch/i.test(result.output)) {
		log('apt-get install needs fresh package lists: apt-get update…');
		const update = await run('apt-get', [...lockWait, 'update', '-q'], { env, timeoutMs, input: '' });
		if (update.code !== 0) throw new CliError('apt-get update failed', update);
		result = await install();
	}
	if (result.code !== 0) throw new CliError(`apt-get install ${packages.join(' ')} failed`, result);
	log(`installed ${packages.join(' and ')} in ${seconds(result.ms)}`);
	return result;
}

module.exports = { aptInstall };
