/**
 * The executed part of an incident as `afr demo` prints it: per attempt, who decided it,
 * each step's result, the verification watch (every check, the signals against their
 * baseline, a recovery that did not hold), what was undone and how it ended. Times are
 * after the alert, on the incident's clock.
 */
import { formatDuration, type VerificationResult } from '../core/index.js';
import type { ExecutionStory, StoryAttempt, StoryVerification } from './execution-story.js';

export function at(t: number): string {
  return `t=+${formatDuration(t)}`;
}

/** How an attempt ended, in a word: resolved, undone, denied, failed, dry run, escalated, ... */
export function attemptResult(a: StoryAttempt): string {
  if (a.undone.length) return 'undone';
  if (a.ended_as === 'resolved') return 'resolved';
  for (const kind of ['denied', 'failed', 'dry_run'] as const) {
    if (a.steps.some((s) => s.result === kind)) return kind.replace('_', ' ');
  }
  return a.ended_as ?? 'in progress';
}

/** Who decided an attempt, in words. */
export function decidedBy(a: StoryAttempt): string {
  if (a.how === 'autonomous') return 'afr, autonomously';
  return `${a.how} by ${a.decided_by} at ${at(a.decided_t)}`;
}

export function renderExecution(story: ExecutionStory): string {
  if (story.attempts.length === 0) return '';
  const lines = ['   executed (t = time after the alert):'];
  story.attempts.forEach((a, i) => {
    lines.push(`     ${i + 1}. ${a.strategy ?? '?'} on ${a.target ?? '?'} — ${decidedBy(a)}`);
    if (a.comment) lines.push(`        “${a.comment}”`);
    for (const s of a.steps) {
      lines.push(
        `        ${at(s.t).padEnd(10)} ${s.result.replace('_', ' ')}: ${s.strategy} ${s.target}${s.detail ? ` — ${s.detail}` : ''}`,
      );
    }
    for (const v of a.verifications) lines.push(...renderVerification(v));
    for (const u of a.undone) {
      lines.push(`        ${at(u.t).padEnd(10)} ${u.ok ? 'undone' : 'UNDO FAILED'}: ${u.step} — ${u.detail}`);
    }
    lines.push(
      `        → ${attemptResult(a)}${a.ended_as && a.ended_as !== attemptResult(a) ? `, ${a.ended_as}` : ''}${a.ended_reason ? ` (${a.ended_reason})` : ''}`,
    );
  });
  return `${lines.join('\n')}\n`;
}

function renderVerification(v: StoryVerification): string[] {
  const lines: string[] = [];
  if (v.checks.length) {
    const checks = v.checks.map((c) => `+${formatDuration(c.t)} ${c.recovered}/${c.measured}`);
    lines.push(
      `        ${'watch'.padEnd(10)} signals back near baseline at each check: ${checks.join(', ')}`,
    );
  }
  if (v.regression) {
    const which = v.regression.signals.length ? `${v.regression.signals.join(', ')} ` : 'signals ';
    lines.push(
      `        ${at(v.regression.recovered_t).padEnd(10)} brief recovery: ${which}back near baseline`,
    );
    const found = v.checks.find((c) => c.t === v.regression?.regressed_t);
    lines.push(
      `        ${at(v.regression.regressed_t).padEnd(10)} regression detected: ${found?.detail ?? 'the recovery did not hold'}`,
    );
  }
  lines.push(
    `        ${at(v.t).padEnd(10)} verification of ${v.strategy} on ${v.target}: ${v.outcome}${v.resolution ? ` (${v.resolution})` : ''} — ${v.detail}`,
  );
  if (v.signals.length) {
    lines.push(`        ${''.padEnd(10)} signals (baseline → incident → now):`);
    const width = Math.max(...v.signals.map((s) => `${s.service} ${s.metric}`.length));
    for (const s of v.signals) lines.push(`        ${''.padEnd(10)}   ${signalLine(s, width)}`);
  }
  return lines;
}

function signalLine(s: VerificationResult['signals'][number], width: number): string {
  const name = `${s.service} ${s.metric}`.padEnd(width);
  return `${name}  ${num(s.baseline)} → ${num(s.before)} → ${num(s.after)}  ${s.recovered ? 'ok' : s.after === null ? 'no data' : 'NOT RECOVERED'}`;
}

function num(v: number | null): string {
  return v === null ? '—' : String(Number(v.toPrecision(3)));
}
