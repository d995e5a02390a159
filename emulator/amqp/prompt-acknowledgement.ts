import type { Socket } from 'node:net';

// An AMQP frame with no body (size 8, data offset 2, type AMQP, channel 0): valid at any time, ignored by peers.
const emptyFrame = Buffer.from([0, 0, 0, 8, 2, 0, 0, 0]);

/**
 * Answers every burst of incoming bytes that the broker did not answer itself with an empty frame, within a
 * millisecond. Clients (rhea in the Azure SDKs) leave Nagle's algorithm on: after a frame that needs no answer (a
 * disposition, a flow), their next small frame waits for the broker's TCP acknowledgement, which the broker's
 * kernel delays by up to 40 ms when it has nothing to send. Opening a session receiver paid that delay once per
 * link; an outgoing frame carries the acknowledgement at once.
 */
export function acknowledgePromptly(socket: Socket): void {
  let pending: NodeJS.Timeout | undefined;
  // What had been written when the latest bytes came in (this listener runs before the connection reads them).
  let writtenBefore = 0;
  socket.on('data', () => {
    writtenBefore = socket.bytesWritten;
    if (pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      if (socket.bytesWritten === writtenBefore && socket.writable) socket.write(emptyFrame);
    }, 1);
  });
  socket.once('close', () => clearTimeout(pending));
}
