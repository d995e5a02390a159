import type {
  HandledEventKey,
  HandledEventStore,
} from '../../shared/application/ports/handled-event-store.js';

export class InMemoryHandledEventStore implements HandledEventStore {
  readonly #handled = new Set<string>();

  has(key: HandledEventKey): Promise<boolean> {
    return Promise.resolve(this.#handled.has(keyOf(key)));
  }

  add(key: HandledEventKey & { handledAt: string }): Promise<void> {
    this.#handled.add(keyOf(key));
    return Promise.resolve();
  }
}

function keyOf(key: HandledEventKey): string {
  return `${key.handler}/${key.eventId}`;
}
