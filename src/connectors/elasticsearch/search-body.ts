/**
 * The `_search` request body for a LogQuery (Elasticsearch query DSL, also understood by
 * OpenSearch): a bool filter with a range on the timestamp field (epoch milliseconds),
 * `terms` on the service and level fields, `match_phrase` for the text; sorted by timestamp
 * then the tiebreaker, paged with `search_after`.
 */
import type { LogQuery } from '../../core/ports.js';
import { levelSpellings } from '../log-level.js';
import type { ElasticsearchOptions } from './elasticsearch-options.js';

export type SortValue = string | number | boolean | null;

export interface SearchBody {
  size: number;
  track_total_hits: false;
  _source: string[];
  sort: Array<Record<string, { order: 'asc' }>>;
  query: { bool: { filter: unknown[] } };
  search_after?: SortValue[];
}

export function buildSearchBody(
  query: LogQuery,
  options: Pick<ElasticsearchOptions, 'fields' | 'tiebreaker_field'>,
  size: number,
  searchAfter?: SortValue[],
): SearchBody {
  const { fields } = options;
  const filter: unknown[] = [
    {
      range: {
        [fields.timestamp]: {
          gte: Math.floor(query.range.start * 1000),
          lt: Math.ceil(query.range.end * 1000),
          format: 'epoch_millis',
        },
      },
    },
  ];
  if (query.services?.length) filter.push({ terms: { [fields.service]: query.services } });
  if (query.levels?.length) filter.push({ terms: { [fields.level]: levelSpellings(query.levels) } });
  if (query.text) filter.push({ match_phrase: { [fields.message]: query.text } });
  const body: SearchBody = {
    size,
    track_total_hits: false,
    _source: [...new Set(Object.values(fields))],
    sort: [{ [fields.timestamp]: { order: 'asc' } }, { [options.tiebreaker_field]: { order: 'asc' } }],
    query: { bool: { filter } },
  };
  if (searchAfter) body.search_after = searchAfter;
  return body;
}
