/** What the core knows of an event's content: its size. The protocol edge keeps the encoded event behind it. */
export interface EventContent {
  readonly size: number;
}

/** One event in one partition, as enqueued. */
export interface StoredEvent<C extends EventContent = EventContent> {
  sequenceNumber: number;
  /** Byte position of the event in its partition's stream; handed out as a decimal string. */
  offset: number;
  enqueuedAt: number;
  partitionKey: string | undefined;
  content: C;
}

/** Turns contents into bytes and back, so the journal can keep events it cannot read. */
export interface ContentCodec<C extends EventContent> {
  toBytes(content: C): Buffer;
  fromBytes(bytes: Buffer): C;
}
