/**
 * Validates an `afr analyze --json` document against test/schema/analysis-output.schema.json
 * (with ajv, a test-only dependency) and then against the rules between fields that JSON
 * Schema cannot express (shared with AnalysisOutputSchema, so both judge alike).
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import {
  type AnalysisOutputRuleInput,
  analysisOutputProblems,
} from '../../src/connectors/bundle/analysis-output-rules.js';

const schema = JSON.parse(readFileSync(new URL('./analysis-output.schema.json', import.meta.url), 'utf8'));
// strictTuples is off because `prefixItems` there pins only the first hypothesis (rank 1)
// of an open-ended list, which that lint mistakes for a half-written tuple.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTuples: false });
const validateShape = ajv.compile(schema);

export interface ValidationResult {
  valid: boolean;
  errors: string[];
}

/**
 * Checks a document: JSON Schema first; when its shape is right, the rules relating fields
 * (ranks consecutive from 1, distinct-service probabilities summing to at most 1,
 * root_cause equal to the rank-1 hypothesis, `act` with a root cause and a plan).
 * Errors read `<json pointer>: <problem>`.
 */
export function validateAnalysisOutput(doc: unknown): ValidationResult {
  if (!validateShape(doc)) {
    const errors = (validateShape.errors ?? []).map(
      (error) => `${error.instancePath || '/'}: ${error.message ?? 'invalid'}`,
    );
    return { valid: false, errors };
  }
  const errors = analysisOutputProblems(doc as AnalysisOutputRuleInput).map(
    (problem) => `/${problem.path.join('/')}: ${problem.message}`,
  );
  return { valid: errors.length === 0, errors };
}
