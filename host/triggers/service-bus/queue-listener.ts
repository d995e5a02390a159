import { ServiceBusClient, type ServiceBusReceiver } from '@azure/service-bus';
import { drain, shutdownGraceMs } from '../../drain.js';
import type { Logger } from '../../host-log.js';
import type { FunctionExecutor } from '../../invocation/function-executor.js';
import { handleMessage } from './handle-message.js';
import type { ServiceBusBinding } from './service-bus-binding.js';
import type { ServiceBusOptions } from './service-bus-options.js';

/**
 * A Service Bus trigger on a queue or subscription without sessions: a peek-lock receiver of the SDK delivering up
 * to `maxConcurrentCalls` messages at once, each lock renewed for up to `maxAutoLockRenewalDuration`.
 */
export class QueueListener {
  readonly #binding: ServiceBusBinding;
  readonly #options: ServiceBusOptions;
  readonly #executor: FunctionExecutor;
  readonly #logger: Logger;
  readonly #client: ServiceBusClient;
  readonly #inFlight = new Set<Promise<void>>();
  #receiver: ServiceBusReceiver | undefined;
  #subscription: { close(): Promise<void> } | undefined;

  constructor(options: {
    binding: ServiceBusBinding;
    options: ServiceBusOptions;
    executor: FunctionExecutor;
    logger: Logger;
  }) {
    this.#binding = options.binding;
    this.#options = options.options;
    this.#executor = options.executor;
    this.#logger = options.logger;
    this.#client = new ServiceBusClient(options.binding.connectionString);
  }

  start(): void {
    const { entity } = this.#binding;
    const receiverOptions = {
      receiveMode: 'peekLock' as const,
      maxAutoLockRenewalDurationInMs: this.#options.maxAutoLockRenewalDurationMs,
      // The host hands the function the body bytes; JSON parsing is the library's job.
      skipParsingBodyAsJson: true,
    };
    const receiver =
      'queueName' in entity
        ? this.#client.createReceiver(entity.queueName, receiverOptions)
        : this.#client.createReceiver(entity.topicName, entity.subscriptionName, receiverOptions);
    this.#receiver = receiver;
    this.#subscription = receiver.subscribe(
      {
        processMessage: (message) => {
          const handled = handleMessage({
            binding: this.#binding,
            message,
            receiver,
            autoComplete: this.#binding.autoCompleteMessages ?? this.#options.autoCompleteMessages,
            executor: this.#executor,
            logger: this.#logger,
          });
          this.#inFlight.add(handled);
          return handled.finally(() => this.#inFlight.delete(handled));
        },
        processError: (args) => {
          this.#logger.host(
            'warning',
            `The Service Bus listener of 'Functions.${this.#binding.fn.name}' on '${this.#binding.entityPath}' ` +
              `reported an error (${args.errorSource}): ${args.error.message}`,
          );
          return Promise.resolve();
        },
      },
      // Settlement is done by handleMessage, so that stop() can wait for it.
      { autoCompleteMessages: false, maxConcurrentCalls: this.#options.maxConcurrentCalls },
    );
  }

  /** Stops receiving, waits (within the shutdown grace) for the messages being handled, then disconnects. */
  async stop(): Promise<void> {
    await this.#subscription?.close();
    const left = await drain(this.#inFlight, shutdownGraceMs);
    if (left > 0)
      this.#logger.host(
        'warning',
        `Closed with ${left} invocation(s) of 'Functions.${this.#binding.fn.name}' still running.`,
      );
    await this.#receiver?.close();
    await this.#client.close();
  }
}
