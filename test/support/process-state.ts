import { forgetRateLimits } from '../../credentials/common/rate-limit';
import { forgetServerClocks } from '../../credentials/common/server-clock';
import { forgetTokenChecks } from '../../credentials/common/token-check';
import { forgetAllSessions } from '../../credentials/common/token-session';
import { forgetReservations } from '../../nodes/shared/mixin/reservations';

/**
 * What one n8n process remembers between executions (token sessions, rate-limit schedules, token
 * checks, servers' clocks), forgotten: each test starts as a freshly started n8n would.
 */
export function freshProcess(): void {
	forgetAllSessions();
	forgetRateLimits();
	forgetTokenChecks();
	forgetServerClocks();
	forgetReservations();
}

/**
 * Tests of anything but pacing give their credential no rate limit, so that they run at full speed;
 * the limit itself is tested on its own, with the default rates.
 */
export const UNPACED = { rateLimit: 0 };
