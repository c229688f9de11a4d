import { describe, expect, it } from 'vitest';
import {
  PHASES as CORE_PHASES,
  INCIDENT_STATES as CORE_STATES,
  STRATEGIES as CORE_STRATEGIES,
  SEVERITY_LEVELS,
} from '../../../src/core/index.js';
import { INCIDENT_STATES, PHASES, SEVERITIES, STRATEGIES } from './vocabulary.js';

describe('UI vocabulary', () => {
  it('matches the domain word lists', () => {
    expect(INCIDENT_STATES).toEqual(CORE_STATES);
    expect(SEVERITIES).toEqual(SEVERITY_LEVELS);
    expect(STRATEGIES).toEqual(CORE_STRATEGIES);
    expect(PHASES).toEqual(CORE_PHASES);
  });
});
