import type { AdminRoute } from '../admin/admin-route.js';
import type { Clock } from '../clock.js';
import type { EventHubInput } from '../emulator-config.js';
import type { EventHubsControl } from '../emulator-options.js';
import { eventHubsAdminRoutes } from './admin-routes.js';
import type { AmqpEvent } from './amqp/amqp-event.js';
import { amqpEventCodec } from './amqp/amqp-event.js';
import { EventHubNamespace } from './event-hub-namespace.js';
import { FileEventJournal } from './file-event-journal.js';
import { RuntimeEventHubs } from './runtime-event-hubs.js';

export interface OpenedEventHubs {
  namespace: EventHubNamespace<AmqpEvent>;
  control: EventHubsControl;
  adminRoutes: AdminRoute[];
  close(): void;
}

/**
 * The Event Hubs part of the emulator, ready for the listener: the configured hubs, then those created at run time,
 * then their journaled events (with a data directory), the journal compacted to what retention still keeps.
 */
export function openEventHubs(options: {
  clock: Clock;
  hubs: EventHubInput[];
  dataDir: string | undefined;
  log: (line: string) => void;
}): OpenedEventHubs {
  const opened = options.dataDir ? FileEventJournal.open(options.dataDir, amqpEventCodec) : undefined;
  const namespace = new EventHubNamespace<AmqpEvent>({ clock: options.clock, journal: opened?.journal });
  for (const hub of options.hubs) namespace.createEventHub(hub);
  const runtimeHubs = new RuntimeEventHubs(namespace, options.dataDir);
  runtimeHubs.restore();
  if (opened) {
    namespace.restore(opened.restored, options.log);
    opened.journal.compact(namespace.retained());
  }
  const control: EventHubsControl = {
    createEventHub: (input) => runtimeHubs.createEventHub(input),
    describe: () => namespace.describe(),
  };
  let closed = false;
  return {
    namespace,
    control,
    adminRoutes: eventHubsAdminRoutes(control),
    close() {
      if (closed) return;
      closed = true;
      opened?.journal.close();
    },
  };
}
