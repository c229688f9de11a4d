/**
 * Revisions and traffic weights of a container app, as ARM reports them: which revision
 * serves now (the largest `trafficWeight`, the newest on a tie), which one a rollback
 * returns to (the newest revision created before it that did not fail to provision and is
 * not Unhealthy), and the traffic list that sends 100% to one revision. Every other entry
 * stays, at weight 0, so labels keep working and an undo or a human can shift back.
 */
import { isObject, type JsonObject } from '../kubernetes/json-diff.js';
import { getString } from '../kubernetes/object-fields.js';
import type { TrafficWeight } from './container-apps-api.js';

export interface RevisionInfo {
  name: string;
  active: boolean;
  createdTime: string;
  trafficWeight: number;
  healthState: string | null;
  provisioningState: string | null;
  replicas: number | null;
}

export function revisionsOf(items: JsonObject[]): RevisionInfo[] {
  return items.map((item) => {
    const p = isObject(item.properties) ? item.properties : {};
    return {
      name: String(item.name ?? ''),
      active: p.active === true,
      createdTime: typeof p.createdTime === 'string' ? p.createdTime : '',
      trafficWeight: typeof p.trafficWeight === 'number' ? p.trafficWeight : 0,
      healthState: typeof p.healthState === 'string' ? p.healthState : null,
      provisioningState: typeof p.provisioningState === 'string' ? p.provisioningState : null,
      replicas: typeof p.replicas === 'number' ? p.replicas : null,
    };
  });
}

const newestFirst = (a: RevisionInfo, b: RevisionInfo) =>
  Date.parse(b.createdTime) - Date.parse(a.createdTime);

export function servingRevision(revisions: RevisionInfo[]): RevisionInfo | undefined {
  return [...revisions].sort((a, b) => b.trafficWeight - a.trafficWeight || newestFirst(a, b))[0];
}

export function usable(revision: RevisionInfo): boolean {
  return revision.provisioningState !== 'Failed' && revision.healthState !== 'Unhealthy';
}

export function previousRevision(revisions: RevisionInfo[], current: RevisionInfo): RevisionInfo | undefined {
  const created = Date.parse(current.createdTime);
  return revisions
    .filter((r) => r.name !== current.name && Date.parse(r.createdTime) < created && usable(r))
    .sort(newestFirst)[0];
}

/** The app's ingress traffic list (none written means all traffic to the latest revision). */
export function trafficOf(app: JsonObject): TrafficWeight[] {
  const configuration = (app.properties as JsonObject | undefined)?.configuration as JsonObject | undefined;
  const traffic = (configuration?.ingress as JsonObject | undefined)?.traffic;
  if (!Array.isArray(traffic) || traffic.length === 0) return [{ latestRevision: true, weight: 100 }];
  return traffic.filter(isObject).map((entry) => ({ ...entry }) as TrafficWeight);
}

/** `traffic` with 100% on `revision` (matched by name, or as the latest revision) and 0 elsewhere. */
export function allTrafficTo(
  traffic: TrafficWeight[],
  revision: string,
  latest: string | undefined,
): TrafficWeight[] {
  const index = traffic.findIndex(
    (t) => t.revisionName === revision || (t.latestRevision === true && latest === revision),
  );
  const out = traffic.map((t, i) => ({ ...t, weight: i === index ? 100 : 0 }));
  return index >= 0 ? out : [...out, { revisionName: revision, weight: 100 }];
}

/** `app--v2 80%, app--v1 20% (staging)`: a traffic list in words. */
export function showTraffic(traffic: TrafficWeight[], latest: string | undefined): string {
  return traffic
    .map((t) => {
      const name = t.revisionName ?? (t.latestRevision ? `latest${latest ? ` (${latest})` : ''}` : '?');
      return `${name} ${t.weight ?? 0}%${t.label ? ` [${t.label}]` : ''}`;
    })
    .join(', ');
}

export function latestRevisionName(app: JsonObject): string | undefined {
  return (
    getString(app, ['properties', 'latestRevisionName']) ??
    getString(app, ['properties', 'latestReadyRevisionName'])
  );
}
