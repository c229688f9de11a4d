// Follows the LogQL documentation: "Log queries" (stream selector, line filter `|~`,
// label filter expression) at grafana.com/docs/loki/latest/query/log_queries/.
import { describe, expect, it } from 'vitest';
import { buildLogQL, logqlString, regexEscape } from './logql.js';
import { LokiOptionsSchema } from './loki-options.js';

const options = LokiOptionsSchema.parse({ url: 'http://loki:3100' });
const range = { start: 0, end: 60 };

describe('buildLogQL', () => {
  it('selects every stream with the service label when no service is asked for', () => {
    expect(buildLogQL({ range }, options)).toBe('{service_name=~".+"}');
  });

  it('uses exact match for one service and an escaped alternation for several', () => {
    expect(buildLogQL({ range, services: ['checkout'] }, options)).toBe('{service_name="checkout"}');
    expect(buildLogQL({ range, services: ['api.v2', 'web'] }, options)).toBe(
      '{service_name=~"api\\\\.v2|web"}',
    );
  });

  it('adds configured matchers, a case-insensitive line filter and a level label filter', () => {
    const custom = LokiOptionsSchema.parse({
      url: 'http://loki:3100',
      matchers: ['namespace="prod"'],
      labels: { service: 'app', level: 'severity' },
    });
    const logql = buildLogQL({ range, text: 'timeout "db"', levels: ['error'] }, custom);
    expect(logql).toBe(
      '{namespace="prod"} |~ "(?i)timeout \\"db\\"" | severity=~"(?i)(error|err|eror|severe)"',
    );
  });

  it('leaves levels to the client when configured so', () => {
    const custom = LokiOptionsSchema.parse({ url: 'http://loki:3100', filter_levels_in_query: false });
    expect(buildLogQL({ range, levels: ['warn'] }, custom)).toBe('{service_name=~".+"}');
  });

  it('escapes regex metacharacters and string quotes', () => {
    expect(regexEscape('a.b*(c)|[d]\\')).toBe('a\\.b\\*\\(c\\)\\|\\[d\\]\\\\');
    expect(logqlString('say "hi"\\\n')).toBe('"say \\"hi\\"\\\\\\n"');
  });
});
