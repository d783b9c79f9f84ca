import { afterEach, describe, expect, it } from 'vitest';
import { createHubspotApi } from '../../../connectors/hubspot/client.js';
import { contactsStream } from '../../../connectors/hubspot/index.js';
import { windowedSearch } from '../../../connectors/hubspot/search.js';
import { CONTACT_PROPERTIES } from '../../../connectors/hubspot/records.js';
import { at, ids, makeHttp, readStream, smallPopulation, startHarness, type Harness } from './helpers.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const expectedIds = (n: number) => Array.from({ length: n }, (_, i) => String(1001 + i)).sort();

describe('hubspot search windowing past the result cap', () => {
  it('loses nothing when the mock caps a query at 25 results (window restarts on the 400)', async () => {
    harness = await startHarness(smallPopulation({ contacts: 87 }), { searchResultCap: 25, pageSize: 10 });
    const { records, state } = await readStream(contactsStream, harness.config, undefined, makeHttp(harness.config, { fastSearch: true }));
    expect(ids(records)).toEqual(expectedIds(87));
    expect(state).toEqual({ cursor: at(86) });
    // Boundary records are read twice at most; nothing else repeats.
    expect(records.length).toBeLessThan(87 + 10);
    // The cap was really hit.
    expect(harness.mock.requests.filter((r) => r.status === 400).length).toBeGreaterThan(0);
  });

  it('starts a new window before the cap when it knows the cap (no 400s)', async () => {
    harness = await startHarness(smallPopulation({ contacts: 87 }), { searchResultCap: 25, pageSize: 10 });
    const http = makeHttp(harness.config, { fastSearch: true });
    const seen: string[] = [];
    const pages = windowedSearch(createHubspotApi(harness.config), { http, signal: new AbortController().signal }, {
      objectType: 'contacts',
      properties: CONTACT_PROPERTIES,
      pageSize: 10,
      fromMs: 0,
      resultCap: 25,
    });
    for await (const page of pages) seen.push(...page.map((o) => o.id));
    expect([...new Set(seen)].sort()).toEqual(expectedIds(87));
    expect(harness.mock.requests.every((r) => r.status === 200)).toBe(true);
  });

  it('walks a millisecond shared by more records than the cap by object id', async () => {
    // 60 contacts all modified at the same instant (a bulk import), cap 25.
    harness = await startHarness(smallPopulation({ contacts: 60, contactStepMinutes: 0 }), { searchResultCap: 25, pageSize: 10 });
    const { records, state } = await readStream(contactsStream, harness.config, undefined, makeHttp(harness.config, { fastSearch: true }));
    expect(ids(records)).toEqual(expectedIds(60));
    expect(state).toEqual({ cursor: at(0) });
  });

  it('loses nothing with clusters of equal timestamps straddling windows', async () => {
    const pop = smallPopulation({ contacts: 70 });
    // Three contacts per minute.
    const contacts = pop.hubspot.contacts.map((c, i) => ({ ...c, updatedAt: at(Math.floor(i / 3)) }));
    harness = await startHarness({ hubspot: { ...pop.hubspot, contacts } }, { searchResultCap: 25, pageSize: 7 });
    const { records } = await readStream(contactsStream, harness.config, undefined, makeHttp(harness.config, { fastSearch: true }));
    expect(ids(records)).toEqual(expectedIds(70));
  });
});
