/**
 * Plumbing for each @kubernetes/client-node call the actuator makes: per-call options that
 * hand the deadline's AbortSignal (and, for PATCH, the patch Content-Type) to the request
 * through an observable middleware (the only per-call hook the 1.4 object-parameter API
 * accepts), the kubeconfig loader, and the mapping of failures to KubeApiError carrying
 * the API server's own `Status` message.
 */
import {
  ApiException,
  type ConfigurationOptions,
  KubeConfig,
  Observable,
  type ObservableMiddleware,
  PatchStrategy,
} from '@kubernetes/client-node';
import { KubeApiError } from '../../connectors/kubernetes/kube-apps.js';
import { failure, type Outcome, type SourceRef } from '../../core/outcome.js';
import { type FailureOf, runActuation } from '../shared/run-actuation.js';
import type { CallScope } from './kube-resources.js';
import type { KubernetesActuatorOptions } from './kubernetes-actuator-options.js';

export { KubeApiError };

/** `merge`: RFC 7386 JSON merge patch; `strategic`: Kubernetes strategic merge patch. */
export type PatchType = 'merge' | 'strategic';

const CONTENT_TYPES: Record<PatchType, string> = {
  merge: PatchStrategy.MergePatch,
  strategic: PatchStrategy.StrategicMergePatch,
};

/** Loads the kubeconfig the options name: a file, the in-cluster account, or the defaults. */
export function loadActuatorKubeConfig(
  options: Pick<KubernetesActuatorOptions, 'in_cluster' | 'kubeconfig' | 'context'>,
): KubeConfig {
  const config = new KubeConfig();
  if (options.in_cluster) config.loadFromCluster();
  else if (options.kubeconfig) config.loadFromFile(options.kubeconfig);
  else config.loadFromDefault();
  if (options.context) config.setCurrentContext(options.context);
  return config;
}

/** Per-call options: abort on `signal`; for a PATCH, send `patch` as its Content-Type. */
export function callOptions(signal: AbortSignal, patch?: PatchType): ConfigurationOptions {
  const middleware: ObservableMiddleware = {
    pre: (context) => {
      context.setSignal(signal);
      if (patch) context.setHeaderParam('Content-Type', CONTENT_TYPES[patch]);
      return new Observable(Promise.resolve(context));
    },
    post: (context) => new Observable(Promise.resolve(context)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

/** A failed call as a KubeApiError; 409 (conflict), 429 and 5xx are worth retrying. */
export function toKubeApiError(error: unknown, callerSignal: AbortSignal): KubeApiError {
  if (error instanceof KubeApiError) return error;
  if (error instanceof ApiException) {
    const status = error.code;
    const detail = statusMessage(error.body) ?? (status === 401 ? 'Unauthorized' : `HTTP ${status}`);
    const retryable = status === 409 || status === 429 || status >= 500;
    return new KubeApiError(`Kubernetes API ${status}: ${detail}`, status, retryable);
  }
  if (callerSignal.aborted) return new KubeApiError('request aborted: the caller deadline passed', 0, false);
  const name = (error as { name?: string })?.name;
  if (name === 'AbortError' || name === 'TimeoutError') {
    return new KubeApiError('Kubernetes API request timed out', 0, true);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new KubeApiError(`Kubernetes API request failed: ${message}`, 0, true);
}

/** The `message` of a `Status` body (a string or an object), when there is one. */
function statusMessage(body: unknown): string | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.trim() || undefined;
    }
  }
  const message = (value as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message ? message : undefined;
}

/**
 * `runActuation` for an actuator that talks to the Kubernetes API: one deadline for the
 * whole call, handed to the work as a CallScope; a KubeApiError fails with its own message
 * and retryable flag.
 */
export function runKubeActuation<T>(
  source: SourceRef,
  callerSignal: AbortSignal,
  timeoutMs: number,
  work: (scope: CallScope) => Promise<T>,
): Promise<Outcome<T>> {
  return runActuation({ source, callerSignal, timeoutMs, failureOf: kubeFailure }, (signal) =>
    work({ signal, callerSignal }),
  );
}

const kubeFailure: FailureOf = (error, source) =>
  error instanceof KubeApiError ? failure(error.message, source, error.retryable) : undefined;
