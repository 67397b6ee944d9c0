'use strict';
// Reads what `n8n execute --rawOutput` printed: n8n has no machine-readable channel for the run, so it
// has to be found among the log lines.

/**
 * Finds the run JSON in `n8n execute --rawOutput` output. n8n prints it through its logger (info level),
 * pretty-printed, among other log lines; scan every "{" that starts a line, brace-match it (strings
 * aware) and keep the last object that parses and looks like a run ({ data: { resultData } }).
 */
function extractRunJson(text) {
	const source = String(text || '');
	let found = null;
	let index = 0;
	let guard = 0;
	while (index < source.length && guard++ < 100000) {
		const start = source.indexOf('{', index);
		if (start === -1) break;
		const lineStart = start === 0 || source[start - 1] === '\n' || /\s|:/.test(source[start - 1]);
		if (!lineStart) {
			index = start + 1;
			continue;
		}
		const end = matchBrace(source, start);
		if (end === -1) {
			index = start + 1;
			continue;
		}
		let parsed;
		try {
			parsed = JSON.parse(source.slice(start, end + 1));
		} catch {
			index = start + 1;
			continue;
		}
		if (parsed && typeof parsed === 'object' && parsed.data && parsed.data.resultData) {
			found = parsed;
			index = end + 1;
		} else {
			index = start + 1;
		}
	}
	return found;
}

/** Index of the "}" closing the object that opens at `start`, or -1 (string-aware, so braces in values do not count). */
function matchBrace(text, start) {
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
			continue;
		}
		if (c === '"') inString = true;
		else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') {
			depth--;
			if (depth === 0) return c === '}' ? i : -1;
			if (depth < 0) return -1;
		}
	}
	return -1;
}

/** The json of every item a node produced in a run: runItems(run, 'Set')[0].foo */
function runItems(run, nodeName, { runIndex = 0, outputIndex = 0 } = {}) {
	const nodeRuns = run && run.data && run.data.resultData && run.data.resultData.runData && run.data.resultData.runData[nodeName];
	if (!nodeRuns || !nodeRuns[runIndex]) return undefined;
	const main = nodeRuns[runIndex].data && nodeRuns[runIndex].data.main;
	if (!main || !main[outputIndex]) return [];
	return main[outputIndex].map((item) => item.json);
}

/** The error of a run (or of one node), or undefined. */
function runError(run, nodeName) {
	if (!run || !run.data || !run.data.resultData) return undefined;
	if (!nodeName) return run.data.resultData.error;
	const nodeRuns = run.data.resultData.runData && run.data.resultData.runData[nodeName];
	return nodeRuns && nodeRuns[0] && nodeRuns[0].error;
}

module.exports = { extractRunJson, runItems, runError };
