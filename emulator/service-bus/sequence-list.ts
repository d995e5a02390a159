/**
 * Messages waiting for delivery, in sequence-number order. Appends and takes from the front are O(1); a message
 * coming back (abandon, lock expiry) is put back in its place by binary search.
 */
export class SequenceList<T extends { sequenceNumber: number }> {
  #items: T[] = [];
  #head = 0;

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    const last = this.#items[this.#items.length - 1];
    if (this.size === 0 || !last || last.sequenceNumber < item.sequenceNumber) {
      this.#items.push(item);
      return;
    }
    let low = this.#head;
    let high = this.#items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#items[mid]!.sequenceNumber < item.sequenceNumber) low = mid + 1;
      else high = mid;
    }
    if (low === this.#head && this.#head > 0) {
      this.#items[--this.#head] = item;
    } else {
      this.#items.splice(low, 0, item);
    }
  }

  peek(): T | undefined {
    return this.#items[this.#head];
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined as unknown as T;
    // Compact once the consumed prefix dominates, so memory follows the live size.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  remove(item: T): boolean {
    const index = this.#items.indexOf(item, this.#head);
    if (index < 0) return false;
    this.#items.splice(index, 1);
    return true;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.#head; i < this.#items.length; i++) yield this.#items[i]!;
  }
}
