import type { AfrConfig } from '../../config/index.js';
import { hashToken } from '../../server/auth.js';
import { startAfrServer } from '../../server/serve.js';
import { InputError } from '../input-error.js';
import { untilSignal } from '../until-signal.js';

export interface ServeOptions {
  port?: string;
  host?: string;
}

/** `afr serve`: runs until SIGINT/SIGTERM, then shuts down gracefully. */
export async function serveCommand(
  options: ServeOptions,
  config: AfrConfig,
  stop: Promise<void> = untilSignal(),
): Promise<void> {
  let port: number | undefined;
  if (options.port !== undefined) {
    port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new InputError(`--port: expected an integer in [0, 65535], got ${JSON.stringify(options.port)}`);
  }
  if (process.env.AFR_PORT && port === undefined) {
    port = Number(process.env.AFR_PORT);
    if (!Number.isInteger(port))
      throw new InputError(`AFR_PORT: expected an integer, got ${JSON.stringify(process.env.AFR_PORT)}`);
  }
  const server = await startAfrServer({ config, port, host: options.host });
  await stop;
  await server.close();
}

/** `afr token hash <token>`: the SHA-256 to put in server.api_tokens. */
export function tokenHashCommand(token: string, out: NodeJS.WritableStream): void {
  if (!token) throw new InputError('token: required');
  out.write(`${hashToken(token)}\n`);
}
