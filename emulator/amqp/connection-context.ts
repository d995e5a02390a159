import type { Connection, Sender } from './rhea.js';
import { remoteAttach } from './rhea.js';

/** What the brokers remember about one client connection. */
export class ConnectionContext {
  readonly id: string;
  readonly connection: Connection;
  /** Audiences a valid token was put for ($cbs). */
  readonly authorized = new Set<string>();
  /** Reply links of request/response nodes, by link name and by target address. */
  readonly #replyLinks = new Map<string, Sender>();
  readonly #onClose: Array<() => void> = [];

  constructor(id: string, connection: Connection) {
    this.id = id;
    this.connection = connection;
  }

  addReplyLink(link: Sender): void {
    const target = remoteAttach(link).target?.address;
    this.#replyLinks.set(link.name, link);
    if (target) this.#replyLinks.set(target, link);
  }

  removeReplyLink(link: Sender): void {
    for (const [key, value] of this.#replyLinks) if (value === link) this.#replyLinks.delete(key);
  }

  replyLink(replyTo: string): Sender | undefined {
    return this.#replyLinks.get(replyTo);
  }

  onClose(callback: () => void): void {
    this.#onClose.push(callback);
  }

  closed(): void {
    for (const callback of this.#onClose.splice(0)) callback();
  }
}
