import type { Resource } from '../../shared/operations';
import { exinOneOperation } from '../descriptions';

export const userResource: Resource = {
	value: 'user',
	name: 'User',
	operations: [
		exinOneOperation({
			value: 'getMe',
			name: 'Get Me',
			action: 'Get the logged-in user',
			description: 'Get the ExinOne account of the bot the credential logs in as',
			method: 'GET',
			path: '/users/me',
		}),
	],
};
