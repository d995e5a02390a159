import { randomBytes } from 'node:crypto';
import { ManualClock } from '../../../../emulator/clock.js';
import type {
  EventSubscriptionInput,
  TopicInput,
} from '../../../../emulator/event-grid/config/event-grid-config.js';
import {
  startEventGrid,
  type EventGridOptions,
  type RunningEventGrid,
} from '../../../../emulator/event-grid/start-event-grid.js';
import { startWebhookReceiver, type Responder, type WebhookReceiver } from './webhook-receiver.js';

export interface EventGridHarness {
  readonly eventGrid: RunningEventGrid;
  readonly clock: ManualClock;
  /** A topic with a unique name and a key; returns its name. */
  createTopic(topic?: Partial<TopicInput>): Promise<string>;
  /** A webhook receiver, closed with the harness. */
  startReceiver(responder?: Responder): Promise<WebhookReceiver>;
  /** A WebHook subscription to `receiver` with a unique name; `properties` override the defaults. */
  subscribe(
    topicName: string,
    receiver: WebhookReceiver,
    properties?: Partial<EventSubscriptionInput['properties']>,
    destination?: Record<string, unknown>,
  ): Promise<string>;
  close(): Promise<void>;
}

export const topicKey = randomBytes(32).toString('base64');

/** The Event Grid emulator on port 0 with a manual clock; receivers made through it are closed with it. */
export async function startEventGridHarness(
  options: Partial<Omit<EventGridOptions, 'clock'>> & { clock?: ManualClock } = {},
): Promise<EventGridHarness> {
  const clock = options.clock ?? new ManualClock();
  const eventGrid = await startEventGrid({ port: 0, ...options, clock });
  const receivers: WebhookReceiver[] = [];
  return {
    eventGrid,
    clock,
    async createTopic(topic = {}) {
      const name = uniqueName('topic');
      await eventGrid.createTopic({ key: topicKey, ...topic, name });
      return name;
    },
    async startReceiver(responder) {
      const receiver = await startWebhookReceiver(responder);
      receivers.push(receiver);
      return receiver;
    },
    async subscribe(topicName, receiver, properties = {}, destination = {}) {
      const name = uniqueName('sub');
      await eventGrid.createSubscription(topicName, {
        name,
        properties: {
          destination: { endpointType: 'WebHook', properties: { endpointUrl: receiver.url, ...destination } },
          ...properties,
        },
      });
      return name;
    },
    async close() {
      await eventGrid.close();
      await Promise.all(receivers.map((receiver) => receiver.close()));
    },
  };
}

let counter = 0;

/** Names unique per process and run (3-50 letters, digits, '-'), so tests never share a topic. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${randomBytes(3).toString('hex')}`;
}
