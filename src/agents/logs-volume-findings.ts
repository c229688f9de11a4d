import type { LogVolumeAnomaly } from '../analysis/logs/log-volume.js';
import { formatDuration, type LogVolumeFinding } from '../core/index.js';
import { clamp, round } from '../util/stats.js';
import { nextFindingId } from './agent.js';

/**
 * Findings from log-volume anomalies. A silence is strong evidence (a service that stops
 * logging while others go on has crashed or been cut off): strength 1 - e^(-surprise/15),
 * times 0.85 when it still logged a little. A burst mostly accompanies an error storm that
 * other findings describe better: at most 0.75, reached slowly (1 - e^(-surprise/40)).
 */
export function volumeFindings(anomalies: readonly LogVolumeAnomaly[]): LogVolumeFinding[] {
  return anomalies.map((a) => {
    const strength =
      a.direction === 'silence'
        ? (1 - Math.exp(-a.surprise / 15)) * (a.count === 0 ? 1 : 0.85)
        : 0.75 * (1 - Math.exp(-a.surprise / 40));
    return {
      id: nextFindingId('vol'),
      agent: 'logs',
      kind: 'log_volume',
      service: a.service,
      summary: describe(a),
      strength: round(clamp(strength), 4),
      direction: a.direction,
      first_seen: a.start,
      last_seen: a.end,
      count: a.count,
      expected_count: round(a.expected, 1),
      observed_rate: round(a.observed_rate, 2),
      expected_rate: round(a.expected_rate, 2),
      ongoing: a.ongoing,
      examples: a.examples,
    };
  });
}

function describe(a: LogVolumeAnomaly): string {
  const span = formatDuration(a.end - a.start);
  const rates = `${round(a.observed_rate, 1)}/min against ${round(a.expected_rate, 1)}/min before`;
  const state = a.ongoing ? 'ongoing' : 'ended';
  if (a.direction === 'silence') {
    const what = a.count === 0 ? 'went silent' : 'almost stopped logging';
    return `${a.service} ${what} for ${span}: ${a.count} lines where ~${Math.round(a.expected)} were due (${rates}, ${state})`;
  }
  return `${a.service} log burst for ${span}: ${a.count} lines where ~${Math.round(a.expected)} were due (${rates}, ${state})`;
}
