/**
 * Errors of the lineage pass. Each names the model it was analysing, so a pipeline
 * run that fails here says which compiled SQL to look at.
 */
import { TributaryError } from '../../core/index.js';

/** Lineage could not be computed for a model. */
export class LineageError extends TributaryError {
  readonly model: string | undefined;
  constructor(model: string | undefined, message: string, options?: { hint?: string; code?: string }) {
    super(options?.code ?? 'lineage_error', `${model === undefined ? 'model' : `model "${model}"`}: ${message}`, options);
    this.model = model;
  }
}

/** DuckDB's parser rejected the compiled SQL (or it is not a single SELECT). */
export class SqlParseError extends LineageError {
  constructor(model: string | undefined, message: string) {
    super(model, message, { code: 'sql_parse_error', hint: 'check the compiled SQL of this model' });
  }
}

/** The SQL reads a table or view the catalog does not know. */
export class UnknownRelationError extends LineageError {
  readonly relation: string;
  constructor(model: string | undefined, relation: string) {
    super(model, `unknown relation "${relation}"`, {
      code: 'unknown_relation',
      hint: 'raw tables come from a sync and models must be built before the models that read them',
    });
    this.relation = relation;
  }
}

/** A column reference that cannot be resolved, or resolves to more than one column. */
export class ColumnResolutionError extends LineageError {
  constructor(model: string | undefined, message: string) {
    super(model, message, { code: 'column_resolution' });
  }
}

/** A construct lineage does not follow (PIVOT, file readers, COLUMNS(lambda)…). */
export class UnsupportedSqlError extends LineageError {
  constructor(model: string | undefined, message: string) {
    super(model, message, { code: 'unsupported_sql' });
  }
}
