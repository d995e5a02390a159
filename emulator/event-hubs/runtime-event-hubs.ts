import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventHubInput } from '../emulator-config.js';
import type { EventHubNamespace } from './event-hub-namespace.js';
import type { EventContent } from './stored-event.js';

/**
 * Event hubs created at run time (admin API, `eventHubs.createEventHub`), kept in `<dataDir>/event-hubs.json` so a
 * restart brings back both the hubs and the events they held. Without a data directory they live as long as the
 * process.
 */
export class RuntimeEventHubs<C extends EventContent> {
  readonly #namespace: EventHubNamespace<C>;
  readonly #file: string | undefined;
  readonly #declared: EventHubInput[] = [];

  constructor(namespace: EventHubNamespace<C>, dataDir: string | undefined) {
    this.#namespace = namespace;
    this.#file = dataDir ? join(dataDir, 'event-hubs.json') : undefined;
  }

  restore(): void {
    if (!this.#file || !existsSync(this.#file)) return;
    for (const input of JSON.parse(readFileSync(this.#file, 'utf8')) as EventHubInput[])
      this.createEventHub(input);
  }

  createEventHub(input: EventHubInput): void {
    this.#namespace.createEventHub(input);
    this.#declared.push(input);
    if (!this.#file) return;
    mkdirSync(join(this.#file, '..'), { recursive: true });
    writeFileSync(this.#file, JSON.stringify(this.#declared, null, 2));
  }
}
