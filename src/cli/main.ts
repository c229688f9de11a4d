import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import { SCENARIO_NAMES, type ScenarioName } from '../sim/scenarios/scenario-names.js';
import { EXIT_BAD_INPUT, EXIT_FAILURE, InputError } from './input-error.js';

// Each command's module loads when that command runs, with the SDKs, drivers and servers
// it brings (Kubernetes client, AWS SDK, fastify, pg): `afr analyze` must not pay for them.
type Commands = {
  analyze: typeof import('./commands/analyze.js');
  audit: typeof import('./commands/audit.js');
  cliConfig: typeof import('./cli-config.js');
  configCheck: typeof import('./commands/config-check.js');
  decisions: typeof import('./commands/decisions.js');
  demo: typeof import('./commands/demo.js');
  demoLive: typeof import('./commands/demo-live.js');
  detect: typeof import('./commands/detect.js');
  eval: typeof import('./commands/eval.js');
  incidents: typeof import('./commands/incidents.js');
  insights: typeof import('./commands/insights.js');
  logsTemplates: typeof import('./commands/logs-templates.js');
  replay: typeof import('./commands/replay.js');
  report: typeof import('./commands/report.js');
  serve: typeof import('./commands/serve.js');
  sim: typeof import('./commands/sim.js');
  simServe: typeof import('./commands/sim-serve.js');
};
const loadCliConfig: Commands['cliConfig']['loadCliConfig'] = async (...a) =>
  (await import('./cli-config.js')).loadCliConfig(...a);
const demoSetup: Commands['cliConfig']['demoSetup'] = async (...a) =>
  (await import('./cli-config.js')).demoSetup(...a);
const analyzeCommand: Commands['analyze']['analyzeCommand'] = async (...a) =>
  (await import('./commands/analyze.js')).analyzeCommand(...a);
const auditExportCommand: Commands['audit']['auditExportCommand'] = async (...a) =>
  (await import('./commands/audit.js')).auditExportCommand(...a);
const auditVerifyCommand: Commands['audit']['auditVerifyCommand'] = async (...a) =>
  (await import('./commands/audit.js')).auditVerifyCommand(...a);
const configCheckCommand: Commands['configCheck']['configCheckCommand'] = async (...a) =>
  (await import('./commands/config-check.js')).configCheckCommand(...a);
const decisionCommand: Commands['decisions']['decisionCommand'] = async (...a) =>
  (await import('./commands/decisions.js')).decisionCommand(...a);
const demoCommand: Commands['demo']['demoCommand'] = async (...a) =>
  (await import('./commands/demo.js')).demoCommand(...a);
const demoLiveCommand: Commands['demoLive']['demoLiveCommand'] = async (...a) =>
  (await import('./commands/demo-live.js')).demoLiveCommand(...a);
const detectCommand: Commands['detect']['detectCommand'] = async (...a) =>
  (await import('./commands/detect.js')).detectCommand(...a);
const evalCommand: Commands['eval']['evalCommand'] = async (...a) =>
  (await import('./commands/eval.js')).evalCommand(...a);
const incidentShowCommand: Commands['incidents']['incidentShowCommand'] = async (...a) =>
  (await import('./commands/incidents.js')).incidentShowCommand(...a);
const incidentsListCommand: Commands['incidents']['incidentsListCommand'] = async (...a) =>
  (await import('./commands/incidents.js')).incidentsListCommand(...a);
const insightsCommand: Commands['insights']['insightsCommand'] = async (...a) =>
  (await import('./commands/insights.js')).insightsCommand(...a);
const logsTemplatesCommand: Commands['logsTemplates']['logsTemplatesCommand'] = async (...a) =>
  (await import('./commands/logs-templates.js')).logsTemplatesCommand(...a);
const replayCommand: Commands['replay']['replayCommand'] = async (...a) =>
  (await import('./commands/replay.js')).replayCommand(...a);
const reportCommand: Commands['report']['reportCommand'] = async (...a) =>
  (await import('./commands/report.js')).reportCommand(...a);
const serveCommand: Commands['serve']['serveCommand'] = async (...a) =>
  (await import('./commands/serve.js')).serveCommand(...a);
const tokenHashCommand = async (...a: Parameters<Commands['serve']['tokenHashCommand']>) =>
  (await import('./commands/serve.js')).tokenHashCommand(...a);
const simExportCommand: Commands['sim']['simExportCommand'] = async (...a) =>
  (await import('./commands/sim.js')).simExportCommand(...a);
const simGenerateCommand: Commands['sim']['simGenerateCommand'] = async (...a) =>
  (await import('./commands/sim.js')).simGenerateCommand(...a);
const simOpenMetricsCommand: Commands['simServe']['simOpenMetricsCommand'] = async (...a) =>
  (await import('./commands/sim-serve.js')).simOpenMetricsCommand(...a);
const simServeCommand: Commands['simServe']['simServeCommand'] = async (...a) =>
  (await import('./commands/sim-serve.js')).simServeCommand(...a);

/** Builds the `afr` command tree. Commands write to the given streams and set `exitCode`. */
export function buildCli(io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream }): {
  program: Command;
  result: { exitCode: number };
} {
  const result = { exitCode: 0 };
  const program = new Command('afr')
    .description('Autonomous First Responder: detect, investigate, decide and remediate incidents')
    .option('--config <file>', 'config file (default: AFR_CONFIG, ./config.yml, or built-in defaults)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) });

  program
    .command('demo')
    .description('run the fault scenarios end to end on the simulated cloud')
    .option('--scenario <name>', 'one scenario, or wrong-strategy (default: all, then wrong-strategy)')
    .option('--seed <n>', 'random seed of the simulated world', '1')
    .option('--json', 'print one JSON document')
    .option(
      '--approve-as <name>',
      'the demo operator: approves waiting plans, audited as a human',
      'demo-operator',
    )
    .option('--no-approve', 'nobody approves: plans that need a human stay waiting')
    .option(
      '--live',
      'the real loop: afr sim serve, real Prometheus and Alertmanager, afr serve (one scenario)',
    )
    .action(async (options) => {
      if (options.live) {
        const scenario = options.scenario ?? 'bad-deploy-error-spike';
        if (!(SCENARIO_NAMES as readonly string[]).includes(scenario))
          throw new InputError(`--scenario: unknown scenario ${JSON.stringify(scenario)}`);
        const seed = Number(options.seed);
        if (!Number.isInteger(seed))
          throw new InputError(`--seed: expected an integer, got ${JSON.stringify(options.seed)}`);
        result.exitCode = await demoLiveCommand({ scenario: scenario as ScenarioName, seed }, io.out);
        return;
      }
      const setup = await demoSetup(await loadCliConfig(program.opts().config));
      try {
        result.exitCode = await demoCommand(options, io.out, setup);
      } finally {
        await setup.store.close();
      }
    });

  program
    .command('analyze')
    .description('investigate an incident bundle (plans, never executes)')
    .argument('<bundle>', 'bundle directory (afr-bundle/v1)')
    .option('--json', 'print the analysis as JSON (spec format)')
    .action(async (bundle, options) => {
      await analyzeCommand(bundle, options, io.out, await loadCliConfig(program.opts().config));
    });

  program
    .command('eval')
    .description('analyse every labelled bundle in a folder and score it against its truth')
    .argument('<dir>', 'folder of bundles, each with <bundle>.truth.json beside it')
    .option('--json', 'print the metrics as JSON')
    .action(async (dir, options) => {
      await evalCommand(dir, options, io.out, io.err, await loadCliConfig(program.opts().config));
    });

  program
    .command('replay')
    .description('learn from past incidents: replay bundles in shadow mode into the store (nothing executed)')
    .argument('<dir>', 'folder of bundles; a <bundle>.truth.json beside one is its confirmed outcome')
    .option('--json', 'print the summary as JSON')
    .action(async (dir, options) => {
      await replayCommand(dir, options, await loadCliConfig(program.opts().config), io.out, io.err);
    });

  const sim = program.command('sim').description('the simulated cloud');
  sim
    .command('export')
    .description("write a scenario's incident bundle and its ground truth")
    .requiredOption('--scenario <name>', 'scenario name')
    .requiredOption('--out <path>', 'bundle directory (or OpenMetrics file) to write')
    .option('--seed <n>', 'random seed', '1')
    .option('--format <format>', 'bundle, or openmetrics (history for promtool backfill)', 'bundle')
    .option('--end <epoch|now>', 'openmetrics: time of the last sample', 'now')
    .action(async (options) => {
      if (options.format === 'openmetrics') await simOpenMetricsCommand(options, io.err);
      else if (options.format === 'bundle') await simExportCommand(options, io.err);
      else
        throw new InputError(
          `--format: expected bundle or openmetrics, got ${JSON.stringify(options.format)}`,
        );
    });

  sim
    .command('serve')
    .description('run the simulated cloud at wall-clock pace with Prometheus /metrics and fault injection')
    .requiredOption('--scenario <name>', 'scenario name')
    .option('--port <n>', 'listen port (0: any free port)', '9464')
    .option('--host <addr>', 'listen address', '127.0.0.1')
    .option('--seed <n>', 'random seed', '1')
    .option('--speed <x>', 'simulated seconds per wall second', '15')
    .option('--fault-after <s>', 'wall seconds until the fault begins', '30')
    .action(async (options) => {
      await simServeCommand(options, io.err);
    });

  sim
    .command('generate')
    .description('write labelled bundles on random topologies (8-60 services), all fault kinds')
    .requiredOption('--count <n>', 'number of bundles')
    .requiredOption('--out <dir>', 'folder to write b0001/, b0001.truth.json, ...')
    .option('--seed <n>', 'base seed', '1')
    .option('--services <min-max>', 'topology sizes, e.g. 8-60')
    .action(async (options) => {
      await simGenerateCommand(options, io.err);
    });

  program
    .command('serve')
    .description('run the service: webhooks, HTTP API, web UI and the incident loop')
    .option('--port <n>', 'listen port (default: server.port, or env AFR_PORT)')
    .option('--host <addr>', 'listen address (default: server.host)')
    .action(async (options) => {
      await serveCommand(options, await loadCliConfig(program.opts().config));
    });

  const incidents = program.command('incidents').description('incidents of a running afr serve (HTTP API)');
  const apiOptions = (command: Command) =>
    command
      .option('--url <url>', 'afr serve address (default: AFR_URL or http://127.0.0.1:8080)')
      .option('--token <token>', 'API token (default: AFR_API_TOKEN)')
      .option('--json', 'print JSON');
  apiOptions(incidents.command('list').description('incidents, newest first'))
    .option('--state <state>', 'only this state')
    .option('--service <name>', 'only this service')
    .option('--severity <severity>', 'only this severity')
    .option('--limit <n>', 'at most this many', '50')
    .action(async (options) => {
      await incidentsListCommand(options, io.out);
    });
  apiOptions(incidents.command('show').description('one incident: summary, state history, actions'))
    .argument('<incident>', 'incident id')
    .action(async (id, options) => {
      await incidentShowCommand(id, options, io.out);
    });

  const decide = async (run: () => Promise<number>) => {
    try {
      result.exitCode = await run();
    } catch (error) {
      const { IncidentNotFoundError, DecisionConflictError, DecisionInputError } = await import(
        '../agents/human-decisions.js'
      );
      if (
        error instanceof IncidentNotFoundError ||
        error instanceof DecisionConflictError ||
        error instanceof DecisionInputError
      )
        throw new InputError(error.message);
      throw error;
    }
  };
  program
    .command('approve')
    .description("approve an incident's plan and carry it out (store and actuator from config)")
    .argument('<incident>', 'incident id')
    .option('--comment <text>', 'recorded in the audit log')
    .option('--as <name>', 'who approves (default: $USER)')
    .action(async (id, options) => {
      const config = await loadCliConfig(program.opts().config);
      await decide(() => decisionCommand('approve', id, options, config, io.out));
    });
  program
    .command('reject')
    .description("reject an incident's plan: it escalates")
    .argument('<incident>', 'incident id')
    .requiredOption('--reason <text>', 'why (recorded in the audit log)')
    .option('--as <name>', 'who rejects (default: $USER)')
    .action(async (id, options) => {
      const config = await loadCliConfig(program.opts().config);
      await decide(() => decisionCommand('reject', id, options, config, io.out));
    });
  program
    .command('override')
    .description(
      'replace the plan: another strategy (and target), or name the root cause and let afr re-plan for it',
    )
    .argument('<incident>', 'incident id')
    .option('--root-cause <service[:cause]>', 'the root cause (SERVICE[:cause[:mechanism]]); afr re-plans')
    .option('--strategy <strategy>', 'carry out this strategy instead')
    .option('--target <service>', "with --strategy: on this service (default: the plan's target)")
    .option('--comment <text>', 'recorded in the audit log')
    .option('--as <name>', 'who overrides (default: $USER)')
    .action(async (id, options) => {
      const config = await loadCliConfig(program.opts().config);
      await decide(() => decisionCommand('override', id, options, config, io.out));
    });
  program
    .command('takeover')
    .description(
      'a human takes the incident over: afr stops acting on it (a running plan stops at its next step)',
    )
    .argument('<incident>', 'incident id')
    .option('--reason <text>', 'recorded in the audit log')
    .option('--as <name>', 'who takes over (default: $USER)')
    .action(async (id, options) => {
      const config = await loadCliConfig(program.opts().config);
      await decide(() => decisionCommand('takeover', id, options, config, io.out));
    });

  program
    .command('report')
    .description(
      "an incident's postmortem: timeline, root cause and evidence, impact, actions, MTTR, follow-ups",
    )
    .argument('<incident>', 'incident id')
    .option('--format <format>', 'md, html or json', 'md')
    .action(async (id, options) => {
      await reportCommand(id, options, await loadCliConfig(program.opts().config), io.out);
    });

  program
    .command('insights')
    .description('success rate, common root causes and effective strategies from the incident history')
    .option('--json', 'print JSON (also MTTR trend, decisions, calibration)')
    .action(async (options) => {
      await insightsCommand(options, await loadCliConfig(program.opts().config), io.out);
    });

  const audit = program.command('audit').description('the hash-chained audit log');
  audit
    .command('verify')
    .description('check the chain; names the first edited, deleted or reordered entry (exit 1)')
    .option(
      '--head <SEQ:HASH>',
      'a chain head from the service log or a notification: that entry must still have that hash (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action(async (options) => {
      result.exitCode = await auditVerifyCommand(await loadCliConfig(program.opts().config), io.out, options);
    });
  audit
    .command('export')
    .description('every entry as JSON lines, oldest first')
    .option('--incident <id>', "only this incident's entries")
    .action(async (options) => {
      await auditExportCommand(options, await loadCliConfig(program.opts().config), io.out);
    });

  const token = program.command('token').description('API tokens');
  token
    .command('hash')
    .description('print the SHA-256 of a token, for server.api_tokens')
    .argument('<token>', 'the token')
    .action((value) => tokenHashCommand(value, io.out));

  const config = program.command('config').description('configuration');
  config
    .command('check')
    .description('validate a config file')
    .argument('[file]', 'config file (default: AFR_CONFIG or built-in defaults)')
    .action(async (file) => {
      await configCheckCommand(file ?? program.opts().config, io.out);
    });

  program
    .command('detect')
    .description('online anomaly scores for a timestamp,value CSV')
    .argument('<file>', 'CSV file, or - for stdin')
    .option('--detector <name>', 'detector (default: the best in our evaluation)')
    .option('--sensitivity <s>', 'sensitivity between 0 and 1')
    .action(async (file, options) => {
      await detectCommand(file, options, io.out);
    });

  const logs = program.command('logs').description('log analysis');
  logs
    .command('templates')
    .description('mine log templates: CSV line,template_id,template')
    .argument('<file>', 'log file (one message per line), or - for stdin')
    .option('--format <format>', 'text or jsonl', 'text')
    .action(async (file, options) => {
      await logsTemplatesCommand(file, options, io.out);
    });

  return { program, result };
}

/** Runs the CLI and returns the exit code: 0 ok, 1 failure, 2 bad input or usage. */
export async function runCli(
  argv: string[],
  io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream } = {
    out: process.stdout,
    err: process.stderr,
  },
): Promise<number> {
  const { program, result } = buildCli(io);
  try {
    await program.parseAsync(argv);
    return result.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    if (error instanceof InputError) {
      io.err.write(`afr: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof ZodError) {
      io.err.write(
        `afr: invalid input: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`,
      );
      return EXIT_BAD_INPUT;
    }
    io.err.write(`afr: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
}
