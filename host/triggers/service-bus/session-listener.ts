import { isServiceBusError, ServiceBusClient, type ServiceBusSessionReceiver } from '@azure/service-bus';
import type { Clock } from '../../clock.js';
import { drain, shutdownGraceMs } from '../../drain.js';
import type { Logger } from '../../host-log.js';
import type { FunctionExecutor } from '../../invocation/function-executor.js';
import { handleMessage } from './handle-message.js';
import type { ServiceBusBinding } from './service-bus-binding.js';
import type { ServiceBusOptions } from './service-bus-options.js';

// How long one attempt to lock a session waits. A local broker hands out a free session at once, so this bounds
// only the idle wait; the SDK cannot cancel the attempt earlier, so it also bounds how long stop() takes.
const sessionWaitMs = 2000;
// Pause after an unexpected error, so an unreachable broker is not asked in a tight loop.
const retryPauseMs = 1000;

/**
 * A Service Bus trigger on a session-enabled entity: up to `maxConcurrentSessions` sessions at once, each locked
 * by one receiver that hands its messages to the function one at a time, in order (FIFO per session). A session is
 * released once it has been idle for `sessionIdleTimeout`, and the next free one is taken.
 */
export class SessionListener {
  readonly #binding: ServiceBusBinding;
  readonly #options: ServiceBusOptions;
  readonly #executor: FunctionExecutor;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #client: ServiceBusClient;
  readonly #stopping = new AbortController();
  #loops: Promise<void>[] = [];

  constructor(options: {
    binding: ServiceBusBinding;
    options: ServiceBusOptions;
    executor: FunctionExecutor;
    logger: Logger;
    clock: Clock;
  }) {
    this.#binding = options.binding;
    this.#options = options.options;
    this.#executor = options.executor;
    this.#logger = options.logger;
    this.#clock = options.clock;
    this.#client = new ServiceBusClient(options.binding.connectionString, {
      retryOptions: { timeoutInMs: sessionWaitMs, maxRetries: 0 },
    });
  }

  start(): void {
    this.#loops = Array.from({ length: this.#options.maxConcurrentSessions }, () => this.#serveSessions());
  }

  /** Stops taking sessions and messages, waits (within the shutdown grace) for the messages being handled. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    const left = await drain(this.#loops, shutdownGraceMs);
    if (left > 0)
      this.#logger.host(
        'warning',
        `Closed with an invocation of 'Functions.${this.#binding.fn.name}' still running.`,
      );
    await this.#client.close();
  }

  async #serveSessions(): Promise<void> {
    const signal = this.#stopping.signal;
    while (!signal.aborted) {
      let session: ServiceBusSessionReceiver;
      try {
        session = await this.#acceptNextSession();
      } catch (error) {
        if (signal.aborted) return;
        // No free session within the wait: ask again.
        if (
          isServiceBusError(error) &&
          (error.code === 'ServiceTimeout' || error.code === 'SessionCannotBeLocked')
        )
          continue;
        this.#warn(`could not lock a session: ${(error as Error).message}`);
        await this.#pause();
        continue;
      }
      try {
        await this.#drain(session);
      } catch (error) {
        if (!signal.aborted) this.#warn(`lost session '${session.sessionId}': ${(error as Error).message}`);
      } finally {
        await session.close().catch(() => undefined);
      }
    }
  }

  #acceptNextSession(): Promise<ServiceBusSessionReceiver> {
    const { entity } = this.#binding;
    const options = {
      maxAutoLockRenewalDurationInMs: this.#options.maxAutoLockRenewalDurationMs,
      skipParsingBodyAsJson: true,
    };
    return 'queueName' in entity
      ? this.#client.acceptNextSession(entity.queueName, options)
      : this.#client.acceptNextSession(entity.topicName, entity.subscriptionName, options);
  }

  /** Handles the session's messages one after another until it stays idle or the listener stops. */
  async #drain(session: ServiceBusSessionReceiver): Promise<void> {
    const signal = this.#stopping.signal;
    while (!signal.aborted) {
      const [message] = await session.receiveMessages(1, {
        maxWaitTimeInMs: this.#options.sessionIdleTimeoutMs,
        abortSignal: signal,
      });
      if (!message) return;
      await handleMessage({
        binding: this.#binding,
        message,
        receiver: session,
        autoComplete: this.#binding.autoCompleteMessages ?? this.#options.autoCompleteMessages,
        executor: this.#executor,
        logger: this.#logger,
      });
    }
  }

  #pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.#clock.setTimer(this.#clock.now() + retryPauseMs, resolve);
      this.#stopping.signal.addEventListener(
        'abort',
        () => {
          timer.cancel();
          resolve();
        },
        { once: true },
      );
    });
  }

  #warn(message: string): void {
    this.#logger.host(
      'warning',
      `The Service Bus listener of 'Functions.${this.#binding.fn.name}' on '${this.#binding.entityPath}' ${message}`,
    );
  }
}
