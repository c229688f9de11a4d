/**
 * The environment a script runs with: afr's PATH, HOME, LANG and TZ (or all of afr's
 * environment with `inherit_env`), the configured `env`, then the step as AFR_* variables:
 * AFR_PHASE (apply, undo, describe), AFR_SERVICE, AFR_TARGET, AFR_STRATEGY, AFR_STEP_ID,
 * AFR_INCIDENT_ID, AFR_DESCRIPTION, AFR_PARAMS_JSON, AFR_LABELS_JSON, AFR_PARAM_<NAME> per
 * scalar parameter and AFR_LABEL_<NAME> per alert label (names upper-cased, other
 * characters as `_`), and for an undo AFR_UNDO_DATA (the `undo` value the apply printed).
 */
import type { TemplateValue } from '../webhook/template.js';
import type { ScriptActuatorOptions } from './script-actuator-options.js';

const PASSED_ON = ['PATH', 'HOME', 'LANG', 'TZ'];

export type Phase = 'apply' | 'undo' | 'describe';

export function baseEnvironment(options: ScriptActuatorOptions): Record<string, string> {
  const inherited = options.inherit_env
    ? process.env
    : Object.fromEntries(PASSED_ON.map((name) => [name, process.env[name]]));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(inherited)) if (value !== undefined) env[name] = value;
  return { ...env, ...options.env };
}

/** The AFR_* variables of a run, from the step's template variables. */
export function afrEnvironment(
  phase: Phase,
  vars: Readonly<Record<string, TemplateValue>>,
  undoData?: unknown,
): Record<string, string> {
  const env: Record<string, string> = { AFR_PHASE: phase };
  const direct: Record<string, string> = {
    service: 'AFR_SERVICE',
    target: 'AFR_TARGET',
    strategy: 'AFR_STRATEGY',
    step_id: 'AFR_STEP_ID',
    incident_id: 'AFR_INCIDENT_ID',
    description: 'AFR_DESCRIPTION',
    params_json: 'AFR_PARAMS_JSON',
  };
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(vars)) {
    if (direct[name]) env[direct[name]] = String(value);
    else if (name.startsWith('labels.')) {
      labels[name.slice('labels.'.length)] = String(value);
      env[`AFR_LABEL_${envName(name.slice('labels.'.length))}`] = String(value);
    } else if (name.startsWith('params.')) {
      env[`AFR_PARAM_${envName(name.slice('params.'.length))}`] = String(value);
    }
  }
  env.AFR_LABELS_JSON = JSON.stringify(labels);
  if (undoData !== undefined) env.AFR_UNDO_DATA = JSON.stringify(undoData);
  return env;
}

function envName(key: string): string {
  return key.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
