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
  readonly #onClose = new Set<() => void>();

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

  /**
   * Runs `callback` once, when the link detaches or the connection closes, whichever comes first; then forgets it,
   * so a long-lived connection that opens and closes many links (session receivers do) holds none of them.
   */
  onLinkClose(link: Sender, callback: () => void): void {
    let done = false;
    const once = (): void => {
      if (done) return;
      done = true;
      this.#onClose.delete(once);
      callback();
    };
    this.#onClose.add(once);
    link.on('sender_close', once);
  }

  /** How many callbacks wait for the connection to close (for tests: it must not grow with closed links). */
  get closeCallbacks(): number {
    return this.#onClose.size;
  }

  closed(): void {
    const callbacks = [...this.#onClose];
    this.#onClose.clear();
    for (const callback of callbacks) callback();
  }
}
