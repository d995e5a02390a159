import type { EventSubscriptionInput, TopicInput } from './config/event-grid-config.js';
import { EventGridConfigError } from './config/parse-event-grid-config.js';
import { SubscriptionValidationError, UnknownTopicError } from './event-grid-broker.js';

import type { AdminResponse, AdminRoute } from '../admin/admin-route.js';
import { problem } from '../admin/admin-route.js';

export interface EventGridAdmin {
  describe(): unknown;
  createTopic(topic: TopicInput): Promise<unknown>;
  createSubscription(topicName: string, subscription: EventSubscriptionInput): Promise<unknown>;
}

/**
 * `GET /event-grid` lists topics, subscriptions, pending deliveries and dead-letters; the PUT routes create or
 * update a topic or an event subscription at runtime with the same objects as the config file.
 */
export function eventGridAdminRoutes(admin: EventGridAdmin): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/event-grid',
      handle: () => Promise.resolve({ status: 200, body: admin.describe() }),
    },
    {
      method: 'PUT',
      path: '/event-grid/topics/:topic',
      handle: ({ params, body }) =>
        answer(() =>
          admin.createTopic({ ...(asObject(body) as Partial<TopicInput>), name: params['topic'] ?? '' }),
        ),
    },
    {
      method: 'PUT',
      path: '/event-grid/topics/:topic/eventSubscriptions/:subscription',
      handle: ({ params, body }) =>
        answer(() =>
          admin.createSubscription(params['topic'] ?? '', {
            ...(asObject(body) as Partial<EventSubscriptionInput>),
            name: params['subscription'] ?? '',
          } as EventSubscriptionInput),
        ),
    },
  ];
}

async function answer(action: () => Promise<unknown>): Promise<AdminResponse> {
  try {
    return { status: 200, body: await action() };
  } catch (error) {
    if (error instanceof EventGridConfigError) {
      return problem(400, 'Invalid Event Grid configuration', error.problems.join('; '), {
        errors: error.problems,
      });
    }
    if (error instanceof SubscriptionValidationError) {
      return problem(400, 'Subscription validation failed', error.message);
    }
    if (error instanceof UnknownTopicError) return problem(404, 'Topic not found', error.message);
    throw error;
  }
}

function asObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}
