// rhea is CommonJS: its default export is the root container, which also carries the codec helpers.
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import rhea from 'rhea';

/** The parts of rhea's codec the brokers use; rhea's typings omit the Reader and Writer classes. */
export interface TypedValue {
  value: unknown;
  descriptor?: { value?: unknown };
}
interface AmqpReader {
  position: number;
  read(): TypedValue;
  remaining(): number;
}
interface AmqpWriter {
  write(value: unknown): void;
  toBuffer(): Buffer;
}
type Codec = typeof rhea.types & {
  Reader: new (buffer: Buffer) => AmqpReader;
  Writer: new (buffer?: Buffer) => AmqpWriter;
};

export const amqpTypes = rhea.types as Codec;
export const amqpMessage = rhea.message;
export const createContainer = (options?: Record<string, unknown>): import('rhea').Container =>
  rhea.create_container(options);
export type { Connection, Sender, Receiver, Delivery, Session, EventContext, Message } from 'rhea';

/** The attach frame fields the brokers read from the peer and set on their own end. */
export interface AttachFields {
  name: string;
  source?: { address?: string; filter?: Record<string, unknown> | null } | null;
  target?: { address?: string } | null;
  snd_settle_mode?: number;
  rcv_settle_mode?: number;
  max_message_size?: number;
  properties?: Record<string, unknown> | null;
  offered_capabilities?: unknown;
  desired_capabilities?: unknown;
}

interface LinkInternals {
  remote: { attach?: AttachFields };
  local: { attach: AttachFields };
  state: { local_open: boolean; open_requests: number };
}

export function remoteAttach(link: import('rhea').Sender | import('rhea').Receiver): AttachFields {
  return (link as unknown as LinkInternals).remote.attach ?? { name: link.name };
}

export function localAttach(link: import('rhea').Sender | import('rhea').Receiver): AttachFields {
  return (link as unknown as LinkInternals).local.attach;
}

/**
 * rhea answers an attach as soon as the open event returns. A node that must wait before answering (a
 * next-available session receiver) takes the answer back here and calls `link.attach()` later.
 */
export function holdAttach(link: import('rhea').Sender | import('rhea').Receiver): void {
  const state = (link as unknown as LinkInternals).state;
  if (state.local_open && state.open_requests > 0) {
    state.local_open = false;
    state.open_requests--;
  }
}

/**
 * rhea decodes every standard transfer before handing it over, and keeps no copy of the bytes. Brokers need the
 * exact bytes to keep every value's AMQP type, so the decoder is wrapped once to remember them per message.
 * The wrapper changes nothing for other users of rhea in the process.
 */
const rawBytes = new WeakMap<object, Buffer>();
const messageCodec = rhea.message as unknown as { decode(buffer: Buffer): object; __rawCaptured?: boolean };
if (!messageCodec.__rawCaptured) {
  const decode = messageCodec.decode.bind(messageCodec);
  messageCodec.decode = (buffer: Buffer): object => {
    const decoded = decode(buffer);
    rawBytes.set(decoded, buffer);
    return decoded;
  };
  messageCodec.__rawCaptured = true;
}

export function rawBytesOf(message: object): Buffer | undefined {
  return rawBytes.get(message);
}

/** Delivery outcomes, in the described form rhea writes into a disposition. */
type OutcomeFactory = (fields?: Record<string, unknown>) => { described(): unknown };
const outcomes = rhea.message as unknown as Record<
  'accepted' | 'rejected' | 'released' | 'modified',
  OutcomeFactory
>;
export const outcome = {
  accepted: (): unknown => outcomes.accepted().described(),
  rejected: (error?: { condition: string; description: string }): unknown =>
    outcomes.rejected(error ? { error } : {}).described(),
  released: (): unknown => outcomes.released().described(),
  modified: (fields: Record<string, unknown>): unknown => outcomes.modified(fields).described(),
};

/** Answers an attach with the peer's own source and target, as the service does. */
export function echoTerminus(link: import('rhea').Sender | import('rhea').Receiver): void {
  const remote = remoteAttach(link) as {
    source?: { described?: () => unknown } | null;
    target?: { described?: () => unknown } | null;
  };
  const attach = localAttach(link) as { source?: unknown; target?: unknown };
  attach.source = remote.source?.described?.() ?? null;
  attach.target = remote.target?.described?.() ?? null;
}

interface ServerConnection {
  eof(): void;
  /** Writes every frame rhea has queued to the socket (rhea calls it after each frame it queues). */
  output(): void;
  /** One pass over the sessions, queueing their frames; rhea runs it once per tick with work. */
  _process(): void;
  /** Size of the frame being received, while rhea waits for the rest of it. */
  frame_size?: number;
}
const RheaConnection = createRequire(import.meta.url)('rhea/lib/connection.js') as new (
  options: Record<string, unknown>,
  container: import('rhea').Container,
) => { accept(socket: Socket): ServerConnection };

/**
 * Serves an accepted socket as an AMQP connection of `container` (what container.listen does per socket).
 * rhea writes each frame on its own as soon as it is queued: a socket write and a heartbeat timer reset per
 * transfer. Within one processing pass the frames are held and written together, in one system call.
 */
export function acceptConnection(
  container: import('rhea').Container,
  options: Record<string, unknown>,
  socket: Socket,
): ServerConnection {
  const connection = new RheaConnection({ ...options }, container).accept(socket);
  const output = connection.output.bind(connection);
  const processSessions = connection._process.bind(connection);
  let holding = false;
  connection.output = () => {
    if (holding) return;
    socket.cork();
    try {
      output();
    } finally {
      socket.uncork();
    }
  };
  connection._process = () => {
    holding = true;
    try {
      processSessions();
    } finally {
      holding = false;
      connection.output();
    }
  };
  return connection;
}

/**
 * Refuses an attach the way the service does: an attach with no source and no target, then a detach carrying the
 * error, which the SDKs surface as the matching error code.
 */
export function refuseLink(
  link: import('rhea').Sender | import('rhea').Receiver,
  error: { condition: string; description: string },
): void {
  const attach = localAttach(link);
  attach.source = null;
  attach.target = null;
  link.close(error);
}
