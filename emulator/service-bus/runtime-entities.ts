import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { QueueInput, RuleInput, TopicInput } from './entity-properties.js';
import type { ServiceBusNamespace } from './service-bus-namespace.js';

interface Declarations {
  queues: QueueInput[];
  topics: TopicInput[];
  /** Subscriptions whose rules changed at run time (rule manager), by path: their rules since. */
  rules?: Record<string, RuleInput[]>;
}

/**
 * Entities created at run time (admin API) and subscription rules changed at run time (the SDK's rule manager),
 * kept in `<dataDir>/entities.json` so that a restart brings back the entities, their rules and the messages they
 * held. Without a data directory they live as long as the process.
 */
export class RuntimeEntities {
  readonly #namespace: ServiceBusNamespace;
  readonly #file: string | undefined;
  readonly #declared: Required<Declarations> = { queues: [], topics: [], rules: {} };

  constructor(namespace: ServiceBusNamespace, dataDir: string | undefined) {
    this.#namespace = namespace;
    this.#file = dataDir ? join(dataDir, 'entities.json') : undefined;
    namespace.onRulesChanged((path, rules) => {
      this.#declared.rules[path] = rules;
      this.#save();
    });
  }

  restore(): void {
    if (!this.#file || !existsSync(this.#file)) return;
    const saved = JSON.parse(readFileSync(this.#file, 'utf8')) as Declarations;
    // One since declared in the config file is the config's now: the config wins, and the copy here is dropped.
    const undeclared = <T extends { Name: string }>(entity: T) => !this.#namespace.sendTarget(entity.Name);
    for (const queue of saved.queues.filter(undeclared)) this.createQueue(queue);
    for (const topic of saved.topics.filter(undeclared)) this.createTopic(topic);
    for (const [path, rules] of Object.entries(saved.rules ?? {})) {
      // A subscription no longer declared takes its rules with it.
      if (this.#namespace.replaceRules(path, rules)) this.#declared.rules[path] = rules;
    }
    this.#save();
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
