/**
 * Where OpenLineage events go: appended to a JSONL file, and/or POSTed one by one to a
 * Marquez-compatible endpoint (`<url>/api/v1/lineage`). A lineage backend that is down
 * must not fail the night's sync: an event that still fails after the retries is given
 * up with a note the run logs, and the rest are still tried.
 *
 * The API key (`api_key: ${OPENLINEAGE_API_KEY}`) travels only in the Authorization
 * header; events carry no config value at all.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface OpenLineageTarget {
  /** JSONL file (absolute). */
  readonly file?: string | undefined;
  /** Base URL of the backend; events are POSTed to `<url>/<endpoint>`. */
  readonly url?: string | undefined;
  readonly endpoint: string;
  readonly apiKey?: string | undefined;
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly timeoutMs: number;
}

/** Sends events; returns one line per event that could not be delivered (empty: all sent). */
export async function sendEvents(target: OpenLineageTarget, events: readonly Record<string, unknown>[]): Promise<string[]> {
  const problems: string[] = [];
  if (events.length === 0) return problems;
  if (target.file) {
    try {
      mkdirSync(dirname(target.file), { recursive: true });
      appendFileSync(target.file, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    } catch (error) {
      problems.push(`cannot append OpenLineage events to ${target.file}: ${(error as Error).message}`);
    }
  }
  if (target.url) {
    const endpoint = `${target.url.replace(/\/+$/, '')}/${target.endpoint.replace(/^\/+/, '')}`;
    for (const event of events) {
      const problem = await post(endpoint, event, target);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

async function post(endpoint: string, event: Record<string, unknown>, target: OpenLineageTarget): Promise<string | undefined> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  let last = '';
  for (let attempt = 1; attempt <= target.maxAttempts; attempt++) {
    try {
      const response = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify(event), signal: AbortSignal.timeout(target.timeoutMs) });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return undefined;
      last = `HTTP ${response.status}`;
      if (!retryable(response.status)) break;
    } catch (error) {
      last = (error as Error).message;
    }
    if (attempt < target.maxAttempts) await new Promise((r) => setTimeout(r, target.baseDelayMs * 2 ** (attempt - 1)));
  }
  const job = (event.job as { name?: string } | undefined)?.name ?? '?';
  return `OpenLineage ${String(event.eventType)} event of ${job} not delivered to ${endpoint}: ${last}`;
}
