'use strict';
// n8n's executions through its REST API, as the editor reads them: lists (paged by cursor), one
// execution with its run data (in the `flatted` format), n8n's retry of an execution.

const { waitFor } = require('./log');

/** n8n's REST answers carry run data in the `flatted` format: a JSON list whose strings point at entries. */
function unflatten(text) {
	const input = JSON.parse(text);
	const seen = new Map();
	const revive = (index) => {
		if (seen.has(index)) return seen.get(index);
		const value = input[index];
		if (value === null || typeof value !== 'object') return value;
		const out = Array.isArray(value) ? [] : {};
		seen.set(index, out);
		for (const [key, entry] of Object.entries(value)) out[key] = typeof entry === 'string' ? revive(Number(entry)) : entry;
		return out;
	};
	return revive(0);
}

/** Every execution matching `filter` (n8n's list filter: workflowId, status, …), oldest first. */
async function listExecutions(control, filter = {}) {
	const out = [];
	let cursor;
	for (let page = 0; page < 1000; page++) {
		const query = `filter=${encodeURIComponent(JSON.stringify(filter))}&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
		const { data } = await control.restOk('GET', `/rest/executions?${query}`);
		out.push(...data.results);
		if (!data.nextCursor || data.results.length === 0) break;
		cursor = data.nextCursor;
	}
	const unique = new Map(out.map((execution) => [String(execution.id), execution]));
	return [...unique.values()].sort((a, b) => Number(a.id) - Number(b.id));
}

/** One execution with its run data: { summary, run, text } (`text`: the answer as sent, for the secret scan). */
async function executionDetail(control, id) {
	const response = await control.restOk('GET', `/rest/executions/${id}`);
	const summary = response.data;
	const run = typeof summary.data === 'string' ? unflatten(summary.data) : summary.data;
	return { summary, run, text: JSON.stringify(response.body) };
}

/** The first item a node output in a run, or undefined. */
function firstItem(run, nodeName) {
	return run?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0]?.[0]?.json;
}

/** The items a trigger node emitted in a run: from its run data, or (when the run never got to it) the stack n8n handed the worker. */
function triggerItems(run, nodeName) {
	if (isFailedPoll(run, nodeName)) return undefined;
	const ran = run?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0];
	if (Array.isArray(ran)) return ran.map((item) => item.json);
	const stacked = (run?.executionData?.nodeExecutionStack || []).find((entry) => entry?.node?.name === nodeName);
	const items = stacked?.data?.main?.[0];
	return Array.isArray(items) ? items.map((item) => item.json) : undefined;
}

/**
 * Whether a run is n8n's record of a poll that failed (createErrorExecutionData): its error, the
 * trigger node's one run with that error and no data, and the node on the stack with a placeholder
 * item (`{}`). It carries no records.
 */
function isFailedPoll(run, nodeName) {
	const only = run?.startData?.runNodeFilter;
	const runs = run?.resultData?.runData?.[nodeName];
	return (
		Boolean(run?.resultData?.error) &&
		Array.isArray(only) && only.length === 1 && only[0] === nodeName &&
		(runs === undefined || (runs.length === 1 && runs[0].error && !runs[0].data))
	);
}

/** The error of a run as n8n shows it: message, and the description when there is one. */
function errorOf(run) {
	const error = run?.resultData?.error;
	if (error) return { message: String(error.message || ''), description: error.description ? String(error.description) : undefined, node: error.node?.name };
	for (const [node, runs] of Object.entries(run?.resultData?.runData || {})) {
		const failed = runs.find((r) => r.error);
		if (failed) return { message: String(failed.error.message || ''), description: failed.error.description ? String(failed.error.description) : undefined, node };
	}
	return undefined;
}

/** The highest execution id so far (0 when none). */
async function lastExecutionId(control) {
	const { data } = await control.restOk('GET', `/rest/executions?filter=${encodeURIComponent('{}')}&limit=100`);
	return data.results.reduce((max, execution) => Math.max(max, Number(execution.id)), 0);
}

/**
 * n8n's retry of an execution, as the editor's "Retry with original workflow" does it
 * (POST /rest/executions/:id/retry); resolves the execution of the retry when it has ended.
 */
async function retryExecution(control, id, workflowId, timeoutMs = 180000) {
	const response = await control.rest('POST', `/rest/executions/${id}/retry`, { loadWorkflow: false }, { timeoutMs });
	const retried = await waitFor(
		`the retry of execution ${id}`,
		async () => {
			const list = await listExecutions(control, { workflowId });
			const found = list.find((execution) => String(execution.retryOf) === String(id) && !['running', 'new'].includes(execution.status));
			return found;
		},
		{ timeoutMs, intervalMs: 1000 },
	);
	return { status: response.status, retried };
}

module.exports = { unflatten, listExecutions, executionDetail, firstItem, triggerItems, isFailedPoll, errorOf, lastExecutionId, retryExecution };
