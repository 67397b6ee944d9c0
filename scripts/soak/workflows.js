'use strict';
// The soak's workflows, as a user would build them from the package's examples. n8n's Schedule
// Trigger follows the real clock, not the moved one, so "the schedule" is a Webhook the driver calls
// at each simulated step; the weekly convert is the example with its Schedule Trigger swapped for a
// Webhook; the two trigger examples are used as they are, polling every minute (at a fixed second).

const crypto = require('node:crypto');

const stack = require('../local-stack');

const EXINONE = 'n8n-nodes-exinone-rainbow.exinOne';
const RAINBOW = 'n8n-nodes-exinone-rainbow.rainbow';
const PATHS = { schedule: 'soak-schedule', mint: 'soak-mint', weekly: 'soak-weekly-convert' };
const CONVERT_NODE = 'Convert 50 USDT to BTC';
/** The trigger node of each trigger example. */
const TRIGGER_NODES = { rainbow: 'Mint task ended', exinone: 'Order settled' };

const keystoreCredential = { mixinKeystoreApi: { id: stack.CREDENTIAL_IDS.mixinKeystoreApi, name: 'ExinOne (Mixin keystore)' } };
const rainbowCredential = { rainbowApi: { id: stack.CREDENTIAL_IDS.rainbowApi, name: 'Rainbow app' } };

function node(name, type, typeVersion, parameters, extra = {}) {
	return { id: crypto.randomUUID(), name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

const field = (name, type, value) => ({ id: name, name, type, value });

function webhook(name, method, path) {
	return node(name, 'n8n-nodes-base.webhook', 2, { httpMethod: method, path, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} }, { webhookId: crypto.randomUUID() });
}

/** A Set node that answers the call: which call, which execution, which worker, and `fields`. */
function answer(name, fields, callExpression) {
	return node(
		name,
		'n8n-nodes-base.set',
		3.4,
		{
			mode: 'manual',
			assignments: {
				assignments: [
					field('call', 'string', callExpression),
					field('execution', 'string', '={{ $execution.id }}'),
					field('worker', 'string', '={{ $env.SOAK_PROCESS_NAME }}'),
					...fields.map(([name, type, value]) => field(name, type, value)),
				],
			},
			options: {},
		},
		{ executeOnce: true },
	);
}

function chain(nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return connections;
}

/** "The hourly schedule": the latest ExinOne orders and Rainbow mint tasks (the two scheduled examples' reads). */
function scheduleWorkflow() {
	const nodes = [
		webhook('Schedule (driven by the soak)', 'GET', PATHS.schedule),
		node('Latest orders', EXINONE, 1, { resource: 'convert', operation: 'getOrders', returnAll: false, limit: 10, filters: {} }, { credentials: keystoreCredential, alwaysOutputData: true }),
		node('List mint tasks', RAINBOW, 1, { resource: 'mint', operation: 'getMany', returnAll: false, limit: 20, filters: {} }, { credentials: rainbowCredential, executeOnce: true, alwaysOutputData: true }),
		answer(
			'Answer',
			[
				['orders', 'number', "={{ $('Latest orders').all().filter(item => item.json.id !== undefined).length }}"],
				['mints', 'number', "={{ $('List mint tasks').all().filter(item => item.json.id !== undefined).length }}"],
			],
			"={{ $('Schedule (driven by the soak)').first().json.query.call }}",
		),
	];
	return { name: 'Soak: the schedule reads ExinOne orders and Rainbow mint tasks', nodes, connections: chain(nodes), settings: { executionOrder: 'v1' } };
}

/**
 * A mint per call: POST { call, to }. Rainbow's mint has no idempotency key, so the call's id (and the
 * execution's) goes into the metadata URI, where the soak counts the mints each call made.
 */
function mintWorkflow(contract) {
	const nodes = [
		webhook('Mint request', 'POST', PATHS.mint),
		node(
			'Mint',
			RAINBOW,
			1,
			{
				resource: 'mint',
				operation: 'create',
				chain: contract.chain,
				contractAddress: contract.address,
				mintToAddress: '={{ $json.body.to }}',
				// the call, and the execution that minted (a retry of the call, or n8n's retry of an execution, mints again)
				additionalFields: { metadata_uri: "={{ 'https://meta.soak.test/' + $json.body.call + '.json#' + $execution.id }}" },
			},
			{ credentials: rainbowCredential },
		),
		answer(
			'Answer',
			[
				['mintId', 'number', '={{ $json.id }}'],
				['tokenUri', 'string', '={{ $json.token_uri }}'],
			],
			"={{ $('Mint request').first().json.body.call }}",
		),
	];
	return { name: 'Soak: mint on request', nodes, connections: chain(nodes), settings: { executionOrder: 'v1' } };
}

/** examples/exinone-weekly-convert.json with its Schedule Trigger and manual trigger swapped for a Webhook, and an answer. */
function weeklyConvertWorkflow(sims) {
	const { workflow } = stack.loadExamples(sims).find((example) => example.file === 'exinone-weekly-convert.json');
	const hook = webhook('Weekly (driven by the soak)', 'POST', PATHS.weekly);
	const kept = workflow.nodes.filter((n) => !['n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.manualTrigger'].includes(n.type));
	if (!kept.some((n) => n.name === CONVERT_NODE)) throw new Error(`the weekly-convert example has no node "${CONVERT_NODE}"`);
	const convert = `$('${CONVERT_NODE}').first().json`;
	const reply = answer(
		'Answer',
		[
			['requestId', 'string', `={{ ${convert}.requestId }}`],
			['alreadySent', 'boolean', `={{ ${convert}.alreadySent === true }}`],
			['outcome', 'string', `={{ ${convert}.outcome }}`],
			['orderStatus', 'string', `={{ ${convert}.order.orderStatus }}`],
			['week', 'string', '={{ $now.toFormat("kkkk-\'W\'WW") }}'],
		],
		"={{ $('Weekly (driven by the soak)').first().json.body.call }}",
	);
	const connections = {};
	for (const [from, value] of Object.entries(workflow.connections)) {
		if (workflow.nodes.some((n) => n.name === from && kept.includes(n))) connections[from] = value;
	}
	connections[hook.name] = { main: [[{ node: CONVERT_NODE, type: 'main', index: 0 }]] };
	for (const end of ['Refunded', 'Converted']) connections[end] = { main: [[{ node: reply.name, type: 'main', index: 0 }]] };
	return { name: `Soak: ${workflow.name} (webhook)`, nodes: [hook, ...kept, reply], connections, settings: workflow.settings };
}

/** A trigger example, polling every minute at `second`. */
function triggerWorkflow(sims, file, second) {
	const { workflow } = stack.loadExamples(sims).find((example) => example.file === file);
	const nodes = workflow.nodes.map((n) =>
		n.type.endsWith('Trigger') ? { ...n, parameters: { ...n.parameters, pollTimes: { item: [{ mode: 'custom', cronExpression: `${second} * * * * *` }] } } } : n,
	);
	return { name: workflow.name, nodes, connections: workflow.connections, settings: workflow.settings };
}

/** Page size of the triggers' list requests (nodes/shared/poll-state.ts); the schedule asks for 10 and 20. */
const TRIGGER_PAGE = '50';

module.exports = { TRIGGER_PAGE, PATHS, CONVERT_NODE, TRIGGER_NODES, scheduleWorkflow, mintWorkflow, weeklyConvertWorkflow, triggerWorkflow };
