/**
 * Run as a child process by lifecycle.test.ts: starts an emulator, uses it through the SDK, closes the client and
 * then the emulator, and returns without calling process.exit, so the process ends only if nothing is left open.
 */
import { ServiceBusClient } from '@azure/service-bus';
import { startEmulator } from '../../../../emulator/start-emulator.js';

const emulator = await startEmulator({ amqpPort: 0, eventGridPort: 0, adminPort: 0 });
emulator.serviceBus.createQueue({ Name: 'lifecycle' });
const client = new ServiceBusClient(emulator.connectionString);
await client.createSender('lifecycle').sendMessages({ body: 'x' });
const receiver = client.createReceiver('lifecycle', { receiveMode: 'receiveAndDelete' });
const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 5_000 });
if (message?.body !== 'x') throw new Error('the emulator did not deliver the message');
await client.close();
await emulator.close();
process.stdout.write('closed\n');
