/**
 * OpenLineage RunEvents (spec 2-0-2) for what a sync does: one job per stream (API →
 * raw table), per model (tables → model) and per published table (warehouse → the
 * masked analytics file), each with a START and a COMPLETE or FAIL event. Outputs carry
 * the schema facet and the column-lineage facet (1-2-0): every output column with the
 * input columns it is computed from, the transformation's type (DIRECT, with IDENTITY,
 * TRANSFORMATION or AGGREGATION as subtype) and `masking: true` where a hash or a
 * masking policy leaves no original value.
 *
 * Plain data in, plain JSON out: no I/O here (pipeline/openlineage/ sends them).
 */
export const OPENLINEAGE_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const FACETS = 'https://openlineage.io/spec/facets';
export const PRODUCER = 'urn:npm:tributary:0.1.0';

export type EventType = 'START' | 'COMPLETE' | 'FAIL';

export interface DatasetRef {
  readonly namespace: string;
  /** `raw.hubspot_contacts`, `main.customers`, or a source's stream (`contacts`). */
  readonly name: string;
}

export interface FieldInput extends DatasetRef {
  readonly field: string;
  /** Lineage edge kind: identity | expression | aggregate | hash | field | a masking policy. */
  readonly transform: string;
  /** The value is not recoverable from the output (a hash, a masking policy). */
  readonly masking?: boolean;
}

export interface OutputSpec extends DatasetRef {
  readonly columns: readonly { name: string; type: string; description?: string | undefined }[];
  /** Output column → the inputs it is computed from. */
  readonly lineage: Readonly<Record<string, readonly FieldInput[]>>;
}

export interface JobRun {
  readonly namespace: string;
  readonly job: string;
  /** processing kind shown in the JobTypeJobFacet: STREAM | MODEL | PUBLISH. */
  readonly jobType: string;
  readonly runId: string;
  readonly parent: { readonly runId: string; readonly job: string };
  readonly inputs: readonly DatasetRef[];
  readonly outputs: readonly OutputSpec[];
}

function facet(path: string): { _producer: string; _schemaURL: string } {
  return { _producer: PRODUCER, _schemaURL: `${FACETS}/${path}` };
}

const SUBTYPE: Readonly<Record<string, string>> = { identity: 'IDENTITY', field: 'IDENTITY', aggregate: 'AGGREGATION' };

function transformation(input: FieldInput): Record<string, unknown> {
  return {
    type: 'DIRECT',
    subtype: SUBTYPE[input.transform] ?? 'TRANSFORMATION',
    description: input.transform,
    masking: input.masking ?? input.transform === 'hash',
  };
}

function outputDataset(o: OutputSpec): Record<string, unknown> {
  return {
    namespace: o.namespace,
    name: o.name,
    facets: {
      schema: {
        ...facet('1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet'),
        fields: o.columns.map((c, i) => ({ name: c.name, type: c.type, ...(c.description ? { description: c.description } : {}), ordinal_position: i + 1 })),
      },
      columnLineage: {
        ...facet('1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet'),
        fields: Object.fromEntries(
          Object.entries(o.lineage)
            .filter(([, inputs]) => inputs.length > 0)
            .map(([column, inputs]) => [column, { inputFields: inputs.map((i) => ({ namespace: i.namespace, name: i.name, field: i.field, transformations: [transformation(i)] })) }]),
        ),
      },
    },
  };
}

/** One RunEvent of a job run. `error` (FAIL only) becomes the ErrorMessageRunFacet. */
export function runEvent(run: JobRun, eventType: EventType, at: Date, error?: string): Record<string, unknown> {
  const runFacets: Record<string, unknown> = {
    parent: {
      ...facet('1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet'),
      run: { runId: run.parent.runId },
      job: { namespace: run.namespace, name: run.parent.job },
    },
  };
  if (eventType === 'FAIL' && error) {
    runFacets.errorMessage = { ...facet('1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet'), message: error, programmingLanguage: 'TypeScript' };
  }
  return {
    eventType,
    eventTime: at.toISOString(),
    producer: PRODUCER,
    schemaURL: OPENLINEAGE_SCHEMA_URL,
    run: { runId: run.runId, facets: runFacets },
    job: {
      namespace: run.namespace,
      name: run.job,
      facets: { jobType: { ...facet('2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet'), processingType: 'BATCH', integration: 'TRIBUTARY', jobType: run.jobType } },
    },
    inputs: run.inputs.map((i) => ({ namespace: i.namespace, name: i.name })),
    // START announces the outputs; their facets are known once the job is done.
    outputs: eventType === 'START' ? run.outputs.map((o) => ({ namespace: o.namespace, name: o.name })) : run.outputs.map(outputDataset),
  };
}
