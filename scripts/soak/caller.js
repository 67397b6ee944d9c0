'use strict';
// The callers of the soak's webhooks, as a client would call them: a call that fails (no answer, an
// error status, an answer that is not the workflow's) is sent again after a backoff, a bounded number
// of times. Every attempt of every call is recorded, with the execution that answered it.

const { httpRequest } = require('../n8n-local/rest-client');
const { sleep } = require('./log');

const BACKOFF_MS = [1000, 2000, 4000, 8000, 16000, 16000, 16000];
const MAX_ATTEMPTS = BACKOFF_MS.length + 1;
/** A client gives up waiting after 30 s, as webhook clients commonly do. */
const CALL_TIMEOUT_MS = 30000;

/**
 * @param {() => string} baseUrl   main's URL now (it is restarted on the same port)
 * @param {() => number} simNow    the services' clock, recorded with each attempt
 */
function createCaller(baseUrl, simNow) {
	const calls = [];
	let sequence = 0;

	/**
	 * One call, retried until answered or out of attempts. `check(body)` says why an answer is not the
	 * workflow's ('' when it is). Resolves the call's record:
	 * { id, kind, step, attempts: [{ at, simAt, status, ms, why, execution }], answered, answer }.
	 */
	async function call(kind, { step, method, path, query = {}, body, check }) {
		const id = `${kind}-${String(++sequence).padStart(4, '0')}`;
		const record = { id, kind, step, attempts: [], answered: false, answer: undefined };
		calls.push(record);
		const search = new URLSearchParams({ ...query, ...(method === 'GET' ? { call: id } : {}) }).toString();
		const payload = method === 'GET' ? undefined : { ...body, call: id };
		for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
			const started = Date.now();
			const simAt = simNow();
			let status = 0;
			let answerBody;
			let why = '';
			try {
				const response = await httpRequest(method, `${baseUrl()}/webhook/${path}${search ? `?${search}` : ''}`, { body: payload, timeoutMs: CALL_TIMEOUT_MS });
				status = response.status;
				answerBody = response.body;
				why = status !== 200 ? `HTTP ${status}: ${typeof answerBody === 'string' ? answerBody.slice(0, 120) : (answerBody?.message ?? JSON.stringify(answerBody).slice(0, 120))}` : check(answerBody, id);
			} catch (error) {
				why = /timed out/.test(error.message) ? `no answer in ${CALL_TIMEOUT_MS / 1000} s` : error.message;
			}
			record.attempts.push({ at: started, simAt, status, ms: Date.now() - started, ...(why ? { why } : {}), execution: status === 200 && answerBody ? answerBody.execution : undefined });
			if (!why) {
				record.answered = true;
				record.answer = answerBody;
				return record;
			}
			if (attempt < MAX_ATTEMPTS) await sleep(BACKOFF_MS[attempt - 1]);
		}
		return record;
	}

	return { calls, call };
}

module.exports = { createCaller, MAX_ATTEMPTS };
