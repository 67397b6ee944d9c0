'use strict';
/* eslint-disable no-console */
// The command line, for provisioning ahead of a test run and for finding the binaries by hand:
//
//   node scripts/n8n-local/cli.js provision [--force]   install Node 24 + n8n once into the cache folder
//   node scripts/n8n-local/cli.js paths                 print the binaries (JSON)

const { PREFIX, lastLines } = require('./log');
const { isProvisioned, provision } = require('./provision');
const { n8nPaths } = require('./runtimes');

function reportFailure(error) {
	console.error(`${PREFIX} FAILED${error.step ? ` at step "${error.step}"` : ''}: ${error.message}`);
	if (error.command) console.error(`${PREFIX} command: ${error.command}`);
	if (error.result && error.result.output !== undefined) console.error(`${PREFIX} last output lines:\n${lastLines(error.result.output, 30)}`);
}

async function main(argv) {
	const command = argv[0];
	if (command === 'provision') {
		await provision({ force: argv.includes('--force') });
	} else if (command === 'paths') {
		console.log(JSON.stringify({ ...n8nPaths(), provisioned: isProvisioned() }, null, 2));
	} else {
		console.error('usage: node scripts/n8n-local/cli.js provision [--force] | paths');
		process.exitCode = 2;
	}
}

// exit explicitly: an exit cleanup or a stray handle must not keep a finished command alive
main(process.argv.slice(2)).then(
	() => process.exit(process.exitCode || 0),
	(error) => {
		reportFailure(error);
		process.exit(1);
	},
);
