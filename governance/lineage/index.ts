/**
 * Column lineage: per model from DuckDB's parser (`modelColumnLineage`), across
 * models and down to connector fields (`LineageGraph`).
 */
export { modelColumnLineage } from './column-lineage.js';
export type {
  Catalog,
  ColumnSource,
  IndirectKind,
  IndirectUse,
  ModelLineage,
  OutputColumnLineage,
  Sourceless,
  Transform,
} from './types.js';
export { MapCatalog, loadCatalog } from './catalog.js';
export {
  LineageGraph,
  columnNode,
  fieldNode,
  formatNode,
  nodeKey,
  type FieldMapping,
  type LineageEdge,
  type LineageHop,
  type LineageNode,
} from './graph.js';
export { compose, mergeSources, stronger } from './transforms.js';
export { ColumnResolutionError, LineageError, SqlParseError, UnknownRelationError, UnsupportedSqlError } from './errors.js';
