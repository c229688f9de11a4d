import type { IncidentState } from '../core/index.js';

/** Base class of the errors a Store throws on purpose; `code` is stable for callers and the API. */
export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class DuplicateIncidentError extends StoreError {
  constructor(readonly incidentId: string) {
    super('duplicate_incident', `incident ${incidentId} already exists`);
  }
}

export class IncidentNotFoundError extends StoreError {
  constructor(readonly incidentId: string) {
    super('incident_not_found', `incident ${incidentId} does not exist`);
  }
}

/** Someone else moved the incident first: the caller's view of its state is stale. */
export class StaleStateError extends StoreError {
  constructor(
    readonly incidentId: string,
    readonly expected: IncidentState,
    readonly actual: IncidentState,
  ) {
    super('stale_state', `incident ${incidentId} is ${actual}, not ${expected}; reload it before moving it`);
  }
}

/** Bad input, naming the field: `incident.created_at: expected a finite number, got "x"`. */
export class InvalidStoreInputError extends StoreError {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super('invalid_input', `${field}: ${problem}`);
  }
}

/** The database was written by a newer afr; opening it could corrupt it. */
export class SchemaVersionError extends StoreError {
  constructor(
    readonly file: string,
    readonly databaseVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      'schema_too_new',
      `${file} has schema version ${databaseVersion}, but this afr knows only up to ${knownVersion}; upgrade afr or use another data dir`,
    );
  }
}

/** Stored data that cannot be read back (corrupt JSON, a value of the wrong type). */
export class CorruptRecordError extends StoreError {
  constructor(where: string, problem: string) {
    super('corrupt_record', `${where}: ${problem}`);
  }
}

export class StoreClosedError extends StoreError {
  constructor() {
    super('store_closed', 'the store is closed');
  }
}
