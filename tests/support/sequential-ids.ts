import type { IdGenerator } from '../../shared/application/ports/id-generator.js';

/** `prefix-1`, `prefix-2`, ...: predictable ids, so tests can name what they expect. */
export class SequentialIds implements IdGenerator {
  #next = 1;

  constructor(private readonly prefix: string) {}

  newId(): string {
    return `${this.prefix}-${this.#next++}`;
  }
}
