'use strict';
/**
 * `npm run screenshots`: retakes the README's pictures in docs/ from the real n8n editor running the
 * demo (the packed package installed as Community Nodes installs it, the simulators, the demo
 * credentials), in headless Chromium from Debian's packages. Everything listens on 127.0.0.1 (the
 * browser is driven through a pipe, not a port) and everything started here is stopped on exit.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const puppeteer = require('puppeteer-core');

const n8nLocal = require('./n8n-local');
const { trackPid, untrackPid } = require('./n8n-local/processes');
const stack = require('./local-stack');

const CHROMIUM = '/usr/bin/chromium';
const DOCS = path.join(stack.ROOT, 'docs');
const PACKAGE = require('../package.json').name;
const VIEWPORT = { width: 1280, height: 800 };
const WAIT_MS = 30000;
const EXAMPLE = 'exinone-scheduled-orders-and-assets.json';
const PANEL_NODE = 'Latest orders';
const STEPS = 9;

const started = Date.now();
let step = 0;
function say(message) {
	process.stdout.write(`[screenshots] ${message}\n`);
}
function next(message) {
	say(`${++step}/${STEPS} ${message} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}
const byTestId = (id) => `[data-test-id="${id}"]`;

async function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return say(`    ${CHROMIUM} is there`);
	// A browser download of Puppeteer's own is not an option: Debian's package is what every machine
	// of this project can install.
	say('    chromium is missing: installing it from Debian\'s packages (apt-get install -y chromium)');
	await n8nLocal.aptInstall(['chromium']);
	if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing`);
}

async function launchBrowser() {
	// a profile of our own, removed with everything else even when the run is interrupted
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-screenshots-chromium-'));
	const cancelProfileRemoval = n8nLocal.removeOnExit(profile);
	const browser = await puppeteer.launch({
		executablePath: CHROMIUM,
		userDataDir: profile,
		headless: true,
		pipe: true,
		// Chromium does not start its sandbox as root; the browser only ever loads the local n8n
		args: ['--no-sandbox', `--window-size=${VIEWPORT.width},${VIEWPORT.height}`, '--hide-scrollbars', '--lang=en-US'],
		defaultViewport: VIEWPORT,
		timeout: WAIT_MS,
		// the toolkit's exit handlers kill the browser's process group with everything else it started
		handleSIGINT: false,
		handleSIGTERM: false,
		handleSIGHUP: false,
	});
	const pid = browser.process()?.pid;
	trackPid(pid);
	return {
		browser,
		async close() {
			await browser.close().catch(() => undefined);
			untrackPid(pid);
			cancelProfileRemoval();
			fs.rmSync(profile, { recursive: true, force: true });
		},
	};
}

/** The editor's own session cookie and browser id, so the pages open logged in rather than on /signin. */
async function logIn(browser, rest) {
	const page = await browser.newPage();
	// every wait of the page (selectors, responses, network idle, navigation) ends by then at the latest
	page.setDefaultTimeout(WAIT_MS);
	await page.evaluateOnNewDocument((id) => localStorage.setItem('n8n-browserId', id), rest.browserId);
	const { hostname } = new URL(rest.baseUrl);
	await browser.setCookie(...Array.from(rest.cookies, ([name, value]) => ({ name, value, domain: hostname, path: '/', httpOnly: true })));
	return page;
}

async function open(page, url) {
	await page.goto(url, { waitUntil: 'networkidle0' });
	if (new URL(page.url()).pathname.startsWith('/signin')) throw new Error(`${url} went to the login page: the session cookie was not taken`);
}

/** Closes n8n's toasts ("Workflow executed successfully") so they cover nothing. */
async function dismissToasts(page) {
	// a DOM click, not a mouse click: a toast still sliding in moves away from under the pointer; and
	// another toast may arrive while the first one fades out, hence a few rounds
	for (let round = 0; round < 5; round++) {
		if ((await page.$$eval('.el-notification__closeBtn', (buttons) => buttons.map((button) => button.click()).length)) === 0) return;
		await page.waitForFunction(() => !document.querySelector('.el-notification'), { timeout: 5000, polling: 100 }).catch(() => undefined);
	}
	throw new Error('n8n\'s toasts did not close');
}

/** No request in flight, web fonts loaded, no transition half-way (a modal fading in, a panel sliding). */
async function settle(page) {
	await page.waitForNetworkIdle({ idleTime: 500 });
	await page.evaluate(() => document.fonts.ready);
	await page.waitForFunction(
		() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
		{ polling: 100 },
	);
}

async function shoot(page, file, what) {
	await settle(page);
	const target = path.join(DOCS, file);
	await page.screenshot({ path: target, type: 'png' });
	say(`    docs/${file} (${Math.round(fs.statSync(target).size / 1024)} kB): ${what}`);
}

async function workflowCanvas(page, baseUrl, workflow) {
	await open(page, `${baseUrl}/workflow/${workflow.id}`);
	const ours = `${byTestId('canvas-node')}[data-node-type^="${PACKAGE}."]`;
	await page.waitForSelector(ours, { visible: true });
	const execute = await page.waitForSelector(byTestId('execute-workflow-button'), { visible: true });
	const runStarted = page.waitForResponse((r) => r.request().method() === 'POST' && /\/rest\/workflows\/[^/]+\/run/.test(r.url()));
	await execute.click();
	const response = await runStarted;
	if (!response.ok()) throw new Error(`n8n refused to run the workflow: HTTP ${response.status()} ${await response.text()}`);
	// the run's outcome reaches the canvas over n8n's push connection, node by node
	const outcome = await page.waitForFunction(
		(selector) => {
			const nodes = [...document.querySelectorAll(selector)];
			if (nodes.some((node) => node.querySelector('[data-test-id="canvas-node-status-error"]'))) return 'error';
			return nodes.length > 0 && nodes.every((node) => node.querySelector('[data-test-id="canvas-node-status-success"]')) && 'success';
		},
		{ polling: 100 },
		ours,
	);
	if ((await outcome.jsonValue()) !== 'success') throw new Error('a node of the package failed in the editor run');
	// the toast comes after the last node's status; waiting for it keeps it out of the next pictures
	await page.waitForSelector('.el-notification .el-notification--success', { visible: true });
	await dismissToasts(page);
	// the pointer still rests on the button it pressed; an empty spot of the canvas shows no hover
	await page.mouse.move(VIEWPORT.width / 2, 150);
	await shoot(page, 'workflow-canvas.png', `"${workflow.name}" after a run from the editor`);
}

async function nodePanel(page) {
	const node = await page.waitForSelector(`${byTestId('canvas-node')}[data-node-name="${PANEL_NODE}"]`, { visible: true });
	await node.click({ count: 2 });
	await page.waitForSelector(`${byTestId('ndv')} ${byTestId('node-parameters')}`, { visible: true });
	await page.waitForSelector(`${byTestId('output-panel')} ${byTestId('ndv-data-container')} table`, { visible: true });
	await dismissToasts(page);
	await shoot(page, 'node-panel.png', `the "${PANEL_NODE}" node's panel: parameters and the items it returned`);
}

async function credentialTest(page, baseUrl, credential, secret) {
	const success = byTestId('credentials-config-container-test-success');
	// opening a saved credential tests it once; "Retry" tests it again, which is the test pictured
	await open(page, `${baseUrl}/home/credentials/${credential.id}`);
	const retry = await page.waitForSelector(`${success} button`, { visible: true });
	const tested = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/rest/credentials/test'));
	await retry.click();
	const result = (await (await tested).json()).data;
	if (result?.status !== 'OK') throw new Error(`the credential test failed: ${JSON.stringify(result)}`);
	await page.waitForSelector(success, { visible: true });
	// the secret must be a masked field, and n8n must not even have sent it to the browser
	const masked = await page.$$eval(`${byTestId('editCredential-modal')} input[type="password"]`, (inputs) => inputs.length);
	const leaked = await page.evaluate((value) => document.documentElement.outerHTML.includes(value) || [...document.querySelectorAll('input')].some((i) => i.value.includes(value)), secret);
	if (masked === 0 || leaked) throw new Error(`the credential dialog shows its secret (masked fields: ${masked}, secret in the page: ${leaked})`);
	await page.mouse.move(VIEWPORT.width / 2, 20); // off the Retry button, as above
	await shoot(page, 'credential-test.png', `the "${credential.name}" credential after a successful test, secret masked`);
}

async function main() {
	let sims;
	let instance;
	let browser;
	let page;
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-screenshots-pack-'));
	const cancelPackRemoval = n8nLocal.removeOnExit(packDir);
	const stopAll = async () => {
		if (browser) await browser.close();
		if (instance) await instance.stop().catch(() => undefined);
		if (sims) await sims.close();
		cancelPackRemoval();
		fs.rmSync(packDir, { recursive: true, force: true });
	};
	try {
		next('Chromium from Debian\'s packages');
		await ensureChromium();
		next('n8n 2.41.1 and Node 24 (installed once into a cache, reused afterwards)');
		await n8nLocal.provision();
		next('build and pack the package');
		const { tarball } = stack.buildAndPack(packDir);
		next('start the ExinOne/Mixin and Rainbow simulators');
		sims = await stack.startSimulators();
		const identities = stack.createDemoIdentities(sims);
		next('install the package into a fresh n8n user folder, as Community Nodes does');
		instance = n8nLocal.createInstance();
		await instance.installPackageTarball(tarball);
		next('import the demo credentials and the pictured example workflow');
		const credentials = stack.demoCredentials(sims, identities);
		await instance.importCredentials(credentials);
		const { workflow } = stack.loadExamples(sims).find((example) => example.file === EXAMPLE);
		await instance.importWorkflow(workflow);
		next('start n8n on 127.0.0.1 and log in as the owner over REST');
		const baseUrl = await instance.start();
		await instance.rest.ensureOwner();
		say(`    ${baseUrl}`);
		next('start headless Chromium');
		browser = await launchBrowser();
		say(`    ${await browser.browser.version()}`);
		page = await logIn(browser.browser, instance.rest);
		next(`take the pictures into docs/ (${VIEWPORT.width}×${VIEWPORT.height})`);
		fs.mkdirSync(DOCS, { recursive: true });
		await workflowCanvas(page, baseUrl, workflow);
		await nodePanel(page);
		const rainbow = credentials.find((credential) => credential.type === 'rainbowApi');
		await credentialTest(page, baseUrl, rainbow, identities.rainbowApp.appSecret);
		await stopAll();
		say(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
	} catch (error) {
		process.stderr.write(`[screenshots] failed: ${error.stack || error.message}\n`);
		if (page) {
			// what the browser showed when it failed, outside docs/ so that no broken picture is committed
			const shown = path.join(os.tmpdir(), 'n8n-screenshots-failed.png');
			if (await page.screenshot({ path: shown }).then(() => true, () => false)) say(`    the page at the failure: ${shown}`);
		}
		await stopAll();
		process.exit(1);
	}
}

main();
