import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import { operation as getToken } from './getToken';

export const sessionOperations: Record<string, Operation> = { getToken };

export const sessionDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{
				name: 'Get Token',
				value: 'getToken',
				action: 'Get a session token for an SDK capture',
				description:
					"Get the short-lived session token Oz's Web or Mobile SDK needs before each capture of an OzCapsula container",
			},
		],
		default: 'getToken',
	},
	...getToken.description,
];
