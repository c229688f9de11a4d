/**
 * In-process publish/subscribe for the memory and SQLite coordinations (and the local fan-out
 * of PostgreSQL notifications). Delivery is asynchronous, like a database notification: a
 * listener never runs inside `publish`, and one that throws does not stop the others.
 */
import { EventEmitter } from 'node:events';
import type { CoordinationListener, Unsubscribe } from './coordination.js';

/** Where a listener's exception goes; by default a process warning. */
export type ListenerErrorHandler = (error: unknown, channel: string) => void;

const warn: ListenerErrorHandler = (error, channel) => {
  process.emitWarning(
    `afr coordination listener on ${channel} threw: ${error instanceof Error ? error.message : String(error)}`,
  );
};

export class LocalBus {
  private readonly emitter = new EventEmitter();

  constructor(private readonly onListenerError: ListenerErrorHandler = warn) {
    this.emitter.setMaxListeners(0);
  }

  /** Delivers on a later tick to the listeners subscribed then. */
  publish(channel: string, payload: string): void {
    if (this.emitter.listenerCount(channel) === 0) return;
    setImmediate(() => this.deliver(channel, payload));
  }

  /** Delivers at once (for a caller already off the publisher's stack). */
  deliver(channel: string, payload: string): void {
    for (const listener of this.emitter.listeners(channel) as CoordinationListener[]) {
      try {
        listener(payload);
      } catch (error) {
        this.onListenerError(error, channel);
      }
    }
  }

  subscribe(channel: string, listener: CoordinationListener): Unsubscribe {
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const wrapped: CoordinationListener = (payload) => listener(payload);
    this.emitter.on(channel, wrapped);
    return () => {
      this.emitter.off(channel, wrapped);
    };
  }

  listenerCount(): number {
    return this.emitter.eventNames().reduce((n, name) => n + this.emitter.listenerCount(name), 0);
  }
}
