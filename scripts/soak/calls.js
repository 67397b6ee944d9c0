'use strict';
// The soak's webhook calls, with what each answer must be.

const ids = require('./ids');
const workflows = require('./workflows');

/** Webhook answers, checked: why an answer is not the workflow's, or ''. */
const checks = {
	schedule: (body, id) =>
		body?.call !== id ? `answer of another call: ${JSON.stringify(body).slice(0, 200)}` : !(body.orders >= 1 && body.mints >= 1) ? `empty reads: ${JSON.stringify(body)}` : '',
	mint: (body, id) =>
		body?.call !== id ? `answer of another call: ${JSON.stringify(body).slice(0, 200)}` : typeof body.mintId !== 'number' || body.tokenUri !== `https://meta.soak.test/${id}.json#${body.execution}` ? `not a mint: ${JSON.stringify(body)}` : '',
	weekly: (body, id) =>
		body?.call !== id
			? `answer of another call: ${JSON.stringify(body).slice(0, 200)}`
			: body.outcome !== 'done' || body.orderStatus !== 'done' || body.requestId !== ids.weeklyRequestId(body.week)
				? `not a converted week: ${JSON.stringify(body)}`
				: '',
};

/** The step's regular calls: the schedule's read and two mints. */
function stepCalls(ctx) {
	return [scheduleCall(ctx), mintCall(ctx), mintCall(ctx)];
}

function scheduleCall(ctx) {
	return ctx.caller.call('schedule', { step: ctx.step, method: 'GET', path: workflows.PATHS.schedule, check: checks.schedule });
}

function mintCall(ctx) {
	const to = ctx.holders[ctx.caller.calls.length % ctx.holders.length];
	return ctx.caller.call('mint', { step: ctx.step, method: 'POST', path: workflows.PATHS.mint, body: { to }, check: checks.mint });
}

/** The weekly convert, fired on a Monday ('first') or by a user again later that week ('rerun'). */
function weeklyCall(ctx, kind) {
	const week = ids.isoWeek(ctx.sims.exinone.clock.now());
	const entry = { week, kind, step: ctx.step, requestId: ids.weeklyRequestId(week) };
	ctx.weekly.push(entry);
	const call = ctx.caller.call('weekly', { step: ctx.step, method: 'POST', path: workflows.PATHS.weekly, body: {}, check: checks.weekly });
	return call.then((record) => {
		entry.callId = record.id;
		// the week of n8n's $now, as the workflow derived its request ID
		if (record.answer) entry.n8nWeek = record.answer.week;
		return record;
	});
}

module.exports = { checks, stepCalls, scheduleCall, mintCall, weeklyCall };
