import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { QueueInput, TopicInput } from './entity-properties.js';
import type { ServiceBusNamespace } from './service-bus-namespace.js';

interface Declarations {
  queues: QueueInput[];
  topics: TopicInput[];
}

/**
 * Entities created at run time (admin API), kept in `<dataDir>/entities.json` so that a restart brings back both
 * the entities and the messages they held. Without a data directory they live as long as the process.
 */
export class RuntimeEntities {
  readonly #namespace: ServiceBusNamespace;
  readonly #file: string | undefined;
  readonly #declared: Declarations = { queues: [], topics: [] };

  constructor(namespace: ServiceBusNamespace, dataDir: string | undefined) {
    this.#namespace = namespace;
    this.#file = dataDir ? join(dataDir, 'entities.json') : undefined;
  }

  restore(): void {
    if (!this.#file || !existsSync(this.#file)) return;
    const saved = JSON.parse(readFileSync(this.#file, 'utf8')) as Declarations;
    for (const queue of saved.queues) this.createQueue(queue);
    for (const topic of saved.topics) this.createTopic(topic);
  }

  createQueue(queue: QueueInput): void {
    this.#namespace.createQueue(queue);
    this.#declared.queues.push(queue);
    this.#save();
  }

  createTopic(topic: TopicInput): void {
    this.#namespace.createTopic(topic);
    this.#declared.topics.push(topic);
    this.#save();
  }

  #save(): void {
    if (!this.#file) return;
    mkdirSync(join(this.#file, '..'), { recursive: true });
    writeFileSync(this.#file, JSON.stringify(this.#declared, null, 2));
  }
}
