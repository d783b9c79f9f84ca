/**
 * PII governance core: a classifier for undeclared personal data and propagation of
 * tags (declared, model meta, classified) along column lineage.
 */
export { classifyColumn, classifyRelation, nameTokens, type Classification, type ColumnSample } from './classify.js';
export {
  PiiAssignment,
  propagatePii,
  tagThrough,
  type ClassifierSeed,
  type ColumnPii,
  type ColumnTag,
  type DeclaredSeed,
  type MetaSeed,
  type PiiSeeds,
  type TagOrigin,
} from './propagate.js';
