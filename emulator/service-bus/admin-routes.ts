import type { AdminResponse, AdminRoute } from '../admin/admin-route.js';
import { problem } from '../admin/admin-route.js';
import type { QueueInput, TopicInput } from './entity-properties.js';
import { InvalidEntityError } from './entity-settings.js';

export interface ServiceBusAdmin {
  describe(): unknown;
  createQueue(queue: QueueInput): void;
  createTopic(topic: TopicInput): void;
}

/**
 * `GET /servicebus/entities` lists queues, topics and subscriptions with their counts; the PUT routes create an
 * entity at run time with the body of its Config.json entry (`{ "Properties": …, "Subscriptions": … }`).
 */
export function serviceBusAdminRoutes(admin: ServiceBusAdmin): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/servicebus/entities',
      handle: () => Promise.resolve({ status: 200, body: admin.describe() }),
    },
    {
      method: 'PUT',
      path: '/servicebus/queues/:name',
      handle: ({ params, body }) =>
        create(() =>
          admin.createQueue({ ...(asObject(body) as Partial<QueueInput>), Name: params.name ?? '' }),
        ),
    },
    {
      method: 'PUT',
      path: '/servicebus/topics/:name',
      handle: ({ params, body }) =>
        create(() =>
          admin.createTopic({ ...(asObject(body) as Partial<TopicInput>), Name: params.name ?? '' }),
        ),
    },
  ];
}

function create(action: () => void): Promise<AdminResponse> {
  try {
    action();
    return Promise.resolve({ status: 201, body: { created: true } });
  } catch (error) {
    if (error instanceof InvalidEntityError) {
      const exists = /already exists/.test(error.message);
      return Promise.resolve(
        problem(exists ? 409 : 400, exists ? 'Entity exists' : 'Invalid entity', error.message),
      );
    }
    throw error;
  }
}

function asObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}
