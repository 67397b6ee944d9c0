'use strict';
/**
 * A controllable clock for the simulators.
 *
 * It never reads `Date.now()` after creation: tests mock `Date.now` to move the *client's* clock
 * independently of the server's. Time is `performance.timeOrigin + performance.now()` plus an offset.
 * The `performance.now` function is captured when this module loads, so fake timers installed later
 * (which patch the global `performance`) do not affect the simulators.
 */
const { performance } = require('node:perf_hooks');

const perfNow = performance.now.bind(performance);
const timeOrigin = performance.timeOrigin;

/** @returns {number} real wall-clock milliseconds (fractional), without Date.now */
function realNow() {
	return timeOrigin + perfNow();
}

/**
 * @typedef {Object} SimClock
 * @property {() => number} now        current simulator time, integer ms since the epoch
 * @property {() => number} nowPrecise current simulator time, fractional ms (sub-ms precision)
 * @property {() => number} nowSeconds current simulator time, integer unix seconds
 * @property {(ms: number) => number} advance move forward (or back, if negative) by ms; returns now()
 * @property {(ms: number) => number} set     jump to an absolute epoch ms; returns now()
 */

/**
 * @param {number} [startMs] epoch ms the clock starts at (default: the real time)
 * @returns {SimClock}
 */
function createClock(startMs) {
	let offset = 0;
	if (startMs !== undefined && startMs !== null) {
		if (!Number.isFinite(startMs)) throw new TypeError('createClock: startMs must be a finite number');
		offset = startMs - realNow();
	}
	const clock = {
		nowPrecise() {
			return realNow() + offset;
		},
		now() {
			return Math.floor(realNow() + offset);
		},
		nowSeconds() {
			return Math.floor((realNow() + offset) / 1000);
		},
		/** @param {number} ms */
		advance(ms) {
			if (!Number.isFinite(ms)) throw new TypeError('clock.advance: ms must be a finite number');
			offset += ms;
			return clock.now();
		},
		/** @param {number} ms */
		set(ms) {
			if (!Number.isFinite(ms)) throw new TypeError('clock.set: ms must be a finite number');
			offset = ms - realNow();
			return clock.now();
		},
	};
	return clock;
}

module.exports = { createClock };
