/**
 * Receives PostgreSQL notifications for one afr schema on a dedicated connection (LISTEN
 * needs a session of its own, outside the pool) and hands them to the local subscribers.
 * All logical channels of a schema share one PostgreSQL channel; each message is
 * `<channel>\n<payload>`. A lost connection is re-established with backoff while there are
 * subscribers; messages sent meanwhile are lost, so subscribers treat messages as hints and
 * re-read the store.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { LocalBus } from '../coordination/local-bus.js';

const MAX_RETRY_MS = 10_000;
const FIRST_RETRY_MS = 200;

/** The PostgreSQL channel of a schema (channel names are identifiers: at most 63 bytes). */
export function notifyChannel(schema: string): string {
  const name = `afr:${schema}`;
  return name.length <= 63 ? name : `afr:${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}

/** The text sent with pg_notify for a logical channel and payload. */
export function encodeNotification(channel: string, payload: string): string {
  return `${channel}\n${payload}`;
}

export class NotificationListener {
  private client?: pg.Client;
  private connecting?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  private retryMs = FIRST_RETRY_MS;
  private closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    private readonly bus: LocalBus,
    private readonly target: string,
  ) {}

  /** Resolves once notifications are being received; rejects when the connection fails. */
  ensure(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.connecting?.catch(() => {});
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('notification', (message) => this.dispatch(message));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.retryMs = FIRST_RETRY_MS;
  }

  private dispatch(message: pg.Notification): void {
    if (message.channel !== this.channel || message.payload === undefined) return;
    const split = message.payload.indexOf('\n');
    if (split < 0) return;
    this.bus.deliver(message.payload.slice(0, split), message.payload.slice(split + 1));
  }

  private lost(client: pg.Client, error?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => {});
    if (this.closed) return;
    if (error) process.emitWarning(`afr notifications (${this.target}): connection lost: ${error.message}`);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.bus.listenerCount() === 0) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.ensure().catch(() => {
        this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
        this.scheduleReconnect();
      });
    }, this.retryMs);
    this.retryTimer.unref();
  }
}
