/**
 * The filters an alert passes before it may join an incident: silences and maintenance
 * windows (active at the alert's received_at) and Alertmanager-style inhibition, where a
 * firing source alert suppresses target alerts with equal values of the rule's `equal`
 * labels. Source alerts are tracked by fingerprint in an index the manager keeps current.
 */
import type { Alert } from '../core/alert.js';
import { equalKeyOf, type Labels } from './alert-labels.js';
import { compileMatchers, type Matcher, matchesAll } from './matchers.js';
import type { InhibitRule, MaintenanceWindow, Silence } from './rules-schema.js';

/** One inhibition source: the index of the rule and the `equal` labels' key. */
export type InhibitionSource = [rule: number, equalKey: string];

interface CompiledInhibitRule {
  source: Matcher[];
  target: Matcher[];
  equal: string[];
}

export class Inhibitor {
  private readonly rules: CompiledInhibitRule[];
  /** Per rule: equal key → fingerprints of firing source alerts. */
  private readonly sources: Array<Map<string, Set<string>>>;

  constructor(rules: readonly InhibitRule[]) {
    this.rules = rules.map((rule) => ({
      source: compileMatchers(rule.source_matchers),
      target: compileMatchers(rule.target_matchers),
      equal: rule.equal,
    }));
    this.sources = this.rules.map(() => new Map());
  }

  /** The rules for which this alert is a source, with its equal keys (to add and later remove). */
  sourcesOf(labels: Labels): InhibitionSource[] {
    const found: InhibitionSource[] = [];
    this.rules.forEach((rule, index) => {
      if (matchesAll(rule.source, labels)) found.push([index, equalKeyOf(labels, rule.equal)]);
    });
    return found;
  }

  add(fingerprint: string, sources: readonly InhibitionSource[]): void {
    for (const [rule, key] of sources) {
      const byKey = this.sources[rule];
      if (!byKey) continue;
      let set = byKey.get(key);
      if (!set) {
        set = new Set();
        byKey.set(key, set);
      }
      set.add(fingerprint);
    }
  }

  remove(fingerprint: string, sources: readonly InhibitionSource[]): void {
    for (const [rule, key] of sources) {
      const set = this.sources[rule]?.get(key);
      if (!set) continue;
      set.delete(fingerprint);
      if (set.size === 0) this.sources[rule].delete(key);
    }
  }

  /** True when a firing source alert other than the alert itself inhibits it. */
  inhibits(fingerprint: string, labels: Labels): boolean {
    return this.rules.some((rule, index) => {
      if (!matchesAll(rule.target, labels)) return false;
      const set = this.sources[index].get(equalKeyOf(labels, rule.equal));
      if (!set) return false;
      return set.size > 1 || !set.has(fingerprint);
    });
  }
}

interface CompiledSilence {
  silence: Silence;
  matchers: Matcher[];
  /** Added at run time (snapshotted), not from the rules. */
  runtime: boolean;
}

/** Silences (by matchers) and maintenance windows (by service), each active in [starts_at, ends_at). */
export class Muting {
  private silences: CompiledSilence[] = [];

  constructor(
    configured: readonly Silence[],
    private readonly maintenance: readonly MaintenanceWindow[],
    runtime: readonly Silence[] = [],
  ) {
    for (const silence of configured) this.addSilence(silence, false);
    for (const silence of runtime) this.addSilence(silence, true);
  }

  addSilence(silence: Silence, runtime = true): void {
    this.silences.push({ silence, matchers: compileMatchers(silence.matchers), runtime });
  }

  /** Removes the silences with this id; false when none had it. */
  removeSilence(id: string): boolean {
    const before = this.silences.length;
    this.silences = this.silences.filter(({ silence }) => silence.id !== id);
    return this.silences.length < before;
  }

  /** Forgets silences that ended before `before` (epoch seconds). */
  pruneSilences(before: number): void {
    this.silences = this.silences.filter(({ silence }) => silence.ends_at >= before);
  }

  /** The silences added at run time (the configured ones come from the rules). */
  runtimeSilences(): Silence[] {
    return this.silences.filter(({ runtime }) => runtime).map(({ silence }) => silence);
  }

  reasonFor(alert: Alert, labels: Labels, at: number): 'maintenance' | 'silenced' | undefined {
    if (this.maintenance.some((window) => active(window, at) && window.services.includes(alert.service))) {
      return 'maintenance';
    }
    if (this.silences.some(({ silence, matchers }) => active(silence, at) && matchesAll(matchers, labels))) {
      return 'silenced';
    }
    return undefined;
  }
}

function active(window: { starts_at: number; ends_at: number }, at: number): boolean {
  return at >= window.starts_at && at < window.ends_at;
}
