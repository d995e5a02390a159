import type { Sender } from './rhea.js';

interface SenderInternals {
  credit: number;
  delivery_count: number;
  _draining: boolean;
  _drained: boolean;
  _get_drain(): boolean;
  session: { outgoing: { available(): number } };
}

/**
 * Credit-exact sending on a rhea sender. rhea lowers `credit` only when a transfer is written to the socket, so
 * several sends in one tick would all see the same credit and overrun it. This wrapper counts what it has handed
 * to rhea against the limit the peer granted (delivery-count + link-credit of its last flow).
 */
export class OutgoingLink {
  readonly sender: Sender;
  #handedOver = 0;

  constructor(sender: Sender) {
    this.sender = sender;
    const internals = sender as unknown as SenderInternals;
    // Answer a drain even when in-flight transfers used up the credit, so the peer always sees its drained flow.
    internals._get_drain = function (this: SenderInternals): boolean {
      if (!(this._draining && this._drained)) return false;
      this.delivery_count += this.credit;
      this.credit = 0;
      return true;
    };
  }

  /** How many more transfers the peer's credit allows right now. */
  available(): number {
    const internals = this.sender as unknown as SenderInternals;
    const limit = internals.credit + internals.delivery_count;
    const byCredit = limit - this.#handedOver;
    return Math.max(0, Math.min(byCredit, internals.session.outgoing.available()));
  }

  get draining(): boolean {
    return (this.sender as unknown as SenderInternals)._draining;
  }

  send(payload: Buffer, tag: Buffer | undefined, format = 0): ReturnType<Sender['send']> {
    this.#handedOver++;
    return this.sender.send(payload, tag, format);
  }

  /** Completes a drain: the remaining credit is consumed and the peer is told so at once. */
  completeDrain(): void {
    const internals = this.sender as unknown as SenderInternals;
    this.#handedOver = internals.credit + internals.delivery_count;
    this.sender.set_drained(true);
  }
}
