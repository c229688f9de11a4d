/**
 * Child-process entry for benchmarks that measure `afr serve` apart from their load
 * generator: loads the config.yml named by argv[2], starts the server on a free loopback
 * port (pino logging off; request logging is off in afr anyway), and reports
 * `{ url }` to the parent over IPC. Closes gracefully on a `stop` message, SIGTERM or when
 * the parent goes away. Started by `startAfrServeProcess` (afr-serve-process.ts).
 */
import { loadConfig } from '../../src/config/index.js';
import { startAfrServer } from '../../src/server/serve.js';

const file = process.argv[2];
if (!file || !process.send) throw new Error('usage: started by afr-serve-process.ts with a config file');

const config = await loadConfig(file, process.env);
const server = await startAfrServer({
  config,
  port: 0,
  host: '127.0.0.1',
  env: process.env,
  logger: false,
  pollMs: Number(process.env.AFR_BENCH_POLL_MS ?? 200),
});

let stopping: Promise<void> | undefined;
const stop = () => {
  stopping ??= server
    .close()
    .catch((error) => console.error('afr serve: close failed', error))
    .finally(() => process.exit(0));
  return stopping;
};
process.on('message', (message) => {
  if (message === 'stop') void stop();
});
process.on('SIGTERM', () => void stop());
process.on('disconnect', () => void stop());
process.send({ url: server.url });
