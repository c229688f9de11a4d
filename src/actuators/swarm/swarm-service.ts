/**
 * The parts of a Docker Engine API Service object (GET /services/{id}: ID, Version.Index,
 * Spec, PreviousSpec, UpdateStatus) the actuator reads, checked as they are parsed, and
 * what it derives: replicas, image, a fingerprint of a spec, and a field-by-field diff of
 * two specs with environment values hidden (they often hold credentials).
 */
import { createHash } from 'node:crypto';
import { canonical } from '../nomad/nomad-job.js';
import { ActuationRefused } from '../shared/actuation-refused.js';

type ContainerSpec = Record<string, unknown> & { Image?: string; Env?: string[] };
type TaskTemplate = Record<string, unknown> & { ContainerSpec?: ContainerSpec; ForceUpdate?: number };

export type ServiceSpec = Record<string, unknown> & {
  Name?: string;
  TaskTemplate?: TaskTemplate;
  Mode?: { Replicated?: { Replicas?: number }; Global?: Record<string, unknown> } & Record<string, unknown>;
};

export interface SwarmService {
  ID: string;
  Version: { Index: number };
  Spec: ServiceSpec;
  PreviousSpec?: ServiceSpec | null;
  UpdateStatus?: { State?: string; Message?: string } | null;
}

export function parseService(payload: unknown, id: string): SwarmService {
  const service = payload as Partial<SwarmService> | null;
  if (
    typeof service?.ID !== 'string' ||
    typeof service.Version?.Index !== 'number' ||
    typeof service.Spec !== 'object' ||
    service.Spec === null
  ) {
    throw new ActuationRefused(`unexpected Docker payload: service ${id} has no ID, Version.Index or Spec`);
  }
  return service as SwarmService;
}

/** Replicas of a replicated service; undefined for global mode and jobs. */
export function replicasOf(spec: ServiceSpec): number | undefined {
  const replicas = spec.Mode?.Replicated?.Replicas;
  if (spec.Mode?.Replicated) return typeof replicas === 'number' ? replicas : 1;
  return undefined;
}

export function imageOf(spec: ServiceSpec | null | undefined): string | null {
  return spec?.TaskTemplate?.ContainerSpec?.Image ?? null;
}

export function specFingerprint(spec: ServiceSpec | null | undefined): string {
  return createHash('sha256')
    .update(canonical(spec ?? null))
    .digest('hex');
}

/** A copy with every environment value hidden, for previews and receipts. */
export function redactedSpec(spec: ServiceSpec): ServiceSpec {
  const env = spec.TaskTemplate?.ContainerSpec?.Env;
  if (!Array.isArray(env)) return spec;
  const copy = structuredClone(spec);
  const container = copy.TaskTemplate?.ContainerSpec;
  if (container) container.Env = env.map((entry) => `${entry.split('=')[0]}=<redacted>`);
  return copy;
}

/** The leaf paths (dotted) whose values differ between two specs. */
export function changedPaths(before: ServiceSpec, after: ServiceSpec): string[] {
  const a = leaves(before);
  const b = leaves(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((path) => a.get(path) !== b.get(path)).sort();
}

/** `~ path: before → after` for each leaf that differs (environment values hidden), at most `limit` lines. */
export function specDiff(before: ServiceSpec, after: ServiceSpec, limit = 20): string[] {
  const a = leaves(redactedSpec(before));
  const b = leaves(redactedSpec(after));
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const lines: string[] = [];
  for (const path of paths) {
    if (a.get(path) === b.get(path)) continue;
    lines.push(`~ ${path}: ${a.get(path) ?? '(absent)'} → ${b.get(path) ?? '(absent)'}`);
  }
  return lines.length > limit
    ? [...lines.slice(0, limit), `… ${lines.length - limit} more changed field(s)`]
    : lines;
}

function leaves(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    if (entries.length === 0) out.set(prefix, Array.isArray(value) ? '[]' : '{}');
    for (const [key, item] of entries) leaves(item, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}
