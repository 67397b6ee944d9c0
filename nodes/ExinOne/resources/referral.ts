import type { Resource } from '../../shared/operations';
import { exinOneOperation } from '../descriptions';

export const referralResource: Resource = {
	value: 'referral',
	name: 'Referral',
	operations: [
		exinOneOperation({
			value: 'getStatistics',
			name: 'Get Statistics',
			action: 'Get referral statistics',
			description: 'Get the referral statistics of the logged-in user',
			method: 'GET',
			path: '/referral_statistics/me',
		}),
	],
};
