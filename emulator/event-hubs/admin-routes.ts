import type { AdminResponse, AdminRoute } from '../admin/admin-route.js';
import { problem } from '../admin/admin-route.js';
import type { EventHubInput } from '../emulator-config.js';
import { InvalidEventHubError } from './hub-settings.js';

export interface EventHubsAdmin {
  describe(): unknown;
  createEventHub(input: EventHubInput): void;
}

/**
 * `GET /eventhubs` lists the hubs with their consumer groups and each partition's sequence range; `PUT
 * /eventhubs/:name` creates a hub at run time with the body of its Config.json entry (`{ "PartitionCount": 2,
 * "ConsumerGroups": [{ "Name": "cg" }] }`).
 */
export function eventHubsAdminRoutes(admin: EventHubsAdmin): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/eventhubs',
      handle: () => Promise.resolve({ status: 200, body: admin.describe() }),
    },
    {
      method: 'PUT',
      path: '/eventhubs/:name',
      handle: ({ params, body }) =>
        Promise.resolve(create(admin, { ...asObject(body), Name: params.name ?? '' } as EventHubInput)),
    },
  ];
}

function create(admin: EventHubsAdmin, input: EventHubInput): AdminResponse {
  try {
    admin.createEventHub(input);
    return { status: 201, body: { created: true } };
  } catch (error) {
    if (!(error instanceof InvalidEventHubError)) throw error;
    const exists = /already exists/.test(error.message);
    return problem(exists ? 409 : 400, exists ? 'Event hub exists' : 'Invalid event hub', error.message);
  }
}

function asObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}
