/**
 * The variables a templated actuator (webhook, script) can use, all taken from the plan
 * step: `service` and `target` (the step's target), `strategy`, `step_id`, `incident_id`
 * (`params.incident_id`, else the step id without its `-sN` suffix), `description`,
 * `params.<key>` for every scalar parameter (nested keys dotted, array items by index),
 * `params_json` (all parameters as JSON) and `labels.<name>` for the alert labels the step
 * carries in `params.labels` (or `params.alert_labels`). Labels come from alerts: they are
 * untrusted, and the templates escape them for where they land.
 */
import type { PlanStep } from '../../core/remediation-plan.js';
import type { TemplateValue } from './template.js';

const MAX_DEPTH = 4;

export function stepVariables(step: PlanStep): Record<string, TemplateValue> {
  const params = step.params ?? {};
  const vars: Record<string, TemplateValue> = {
    service: step.target,
    target: step.target,
    strategy: step.strategy,
    step_id: step.id,
    incident_id: incidentIdOf(step),
    description: step.description,
    params_json: JSON.stringify(params),
  };
  flatten(params, 'params', vars, 0);
  for (const [name, value] of Object.entries(labelsOf(params))) vars[`labels.${name}`] = value;
  return vars;
}

/** The alert labels a step carries, string values only. */
export function labelsOf(params: Record<string, unknown>): Record<string, string> {
  const raw = params.labels ?? params.alert_labels;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  return Object.fromEntries(
    Object.entries(raw as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
}

export function incidentIdOf(step: PlanStep): string {
  const explicit = step.params?.incident_id;
  if (typeof explicit === 'string' && explicit) return explicit;
  return step.id.replace(/-s\d+(-canary)?$/, '');
}

function flatten(value: unknown, prefix: string, out: Record<string, TemplateValue>, depth: number): void {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    out[prefix] = value;
    return;
  }
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, item] of entries) flatten(item, `${prefix}.${key}`, out, depth + 1);
}
