/**
 * The catalog page escapes everything it is given: a description or column name that
 * holds markup shows as text, and cannot close the script element the data sits in.
 */
import { describe, expect, it } from 'vitest';
import type { CatalogData } from '../../../pipeline/docs/catalog-data.js';
import { escapeHtml, renderSite, scriptSafeJson } from '../../../pipeline/docs/render-site.js';

const EVIL = `</script><img src=x onerror="alert(1)">&'`;

const data: CatalogData = {
  generatedAt: '2026-01-01T00:00:00.000Z',
  workspace: `/srv/${EVIL}`,
  readers: [{ name: 'analyst', database: 'analytics.duckdb', access: 'masked' }],
  tables: [
    {
      relation: 'main.people',
      name: 'people',
      kind: 'mart',
      rows: 3,
      freshAt: '2026-01-01T00:00:00.000Z',
      columns: [
        { node: `main.people.${EVIL}`, name: EVIL, dataType: 'VARCHAR', description: EVIL, sourceField: EVIL, pii: { tag: 'email', description: 'Email address', originKind: 'model_meta', origin: EVIL }, masking: { analyst: 'partial' } },
      ],
    },
  ],
  edges: [{ from: `src.${EVIL}`, to: `main.people.${EVIL}`, transform: 'identity' }],
  fields: [`src.${EVIL}`],
  notes: [EVIL],
};

describe('renderSite', () => {
  const html = renderSite(data);

  it('writes no markup from the data', () => {
    expect(html).not.toContain('<img');
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the data block's and the script's own
    expect(html).toContain(escapeHtml(EVIL));
  });

  it('embeds the data so that it parses back unchanged', () => {
    const json = /<script type="application\/json" id="catalog-data">(.*?)<\/script>/s.exec(html)?.[1];
    expect(JSON.parse(json!)).toEqual(data);
    expect(scriptSafeJson('\u2028<!--')).toBe('"\\u2028\\u003c!--"');
  });
});
