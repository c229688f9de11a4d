import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROMQL_TEMPLATES,
  referencedMetricNames,
  renderTemplate,
  serviceSelector,
} from './promql-templates.js';

describe('PromQL templates', () => {
  it('escapes regex metacharacters and quotes in service names', () => {
    expect(serviceSelector('app', ['a.b', 'c"d', 'e|f'])).toBe('app=~"a\\\\.b|c\\"d|e\\\\|f"');
    expect(serviceSelector('app', [])).toBe('app!=""');
  });

  it('renders selector, grouping label and window', () => {
    const rendered = renderTemplate(DEFAULT_PROMQL_TEMPLATES.latency_p99 ?? '', {
      serviceLabel: 'app',
      services: ['cart'],
      windowSeconds: 60,
    });
    expect(rendered).toBe(
      'histogram_quantile(0.99, sum by (app, le) (rate(http_request_duration_seconds_bucket{app=~"cart"}[60s])))',
    );
  });

  it('finds the raw metrics a template reads', () => {
    expect(referencedMetricNames(DEFAULT_PROMQL_TEMPLATES.disk_used ?? '')).toEqual([
      'node_filesystem_avail_bytes',
      'node_filesystem_size_bytes',
    ]);
    expect(referencedMetricNames(DEFAULT_PROMQL_TEMPLATES.error_rate ?? '')).toEqual(['http_requests_total']);
  });
});
