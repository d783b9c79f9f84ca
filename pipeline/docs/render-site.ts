/**
 * The catalog site as one self-contained index.html: the tables written out as HTML
 * (readable without the script), the catalog embedded as JSON for the search box and the
 * lineage graph, and a Content-Security-Policy that lets the page run only its own
 * inlined script and style and fetch nothing at all.
 *
 * Every value from the catalog is escaped: text through escapeHtml, the embedded JSON
 * with `<`, `>`, `&` and the JavaScript line separators written as \u escapes, so no
 * value can close the script element it sits in.
 */
import { createHash } from 'node:crypto';
import type { CatalogColumnEntry, CatalogData, CatalogTable } from './catalog-data.js';
import { SITE_SCRIPT } from './site-script.js';
import { SITE_STYLE } from './site-style.js';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value → HTML that shows exactly that text. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** JSON safe to sit inside `<script type="application/json">`: it can neither end the element nor start a comment. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

function display(relation: string): string {
  return relation.startsWith('main.') ? relation.slice('main.'.length) : relation;
}

const KIND_LABEL: Record<CatalogTable['kind'], string> = { mart: 'published', model: 'model', seed: 'seed', raw: 'raw' };

function nodeHref(node: string): string {
  return `#node=${encodeURIComponent(node)}`;
}

function renderColumn(c: CatalogColumnEntry, readers: readonly string[]): string {
  const pii = c.pii ? `<span class="badge pii" title="${escapeHtml(`${c.pii.description}; ${c.pii.originKind}: ${c.pii.origin}`)}">${escapeHtml(c.pii.tag)}</span>` : '';
  const masking = readers.map((r) => `<td>${c.masking[r] ? escapeHtml(c.masking[r]!) : ''}</td>`).join('');
  const source = c.sourceField ? `<div class="meta">from <code>${escapeHtml(c.sourceField)}</code></div>` : '';
  return `<tr><td><a class="node-link" href="${escapeHtml(nodeHref(c.node))}" data-node="${escapeHtml(c.node)}">${escapeHtml(c.name)}</a>${pii}</td><td><code>${escapeHtml(c.dataType)}</code></td><td>${escapeHtml(c.description ?? '')}${source}</td>${masking}</tr>`;
}

function renderTable(t: CatalogTable, readers: readonly string[]): string {
  const rows = t.rows === null ? 'rows: —' : `${t.rows.toLocaleString('en-US')} rows`;
  const fresh = t.freshAt ? `fresh as of ${escapeHtml(t.freshAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}` : 'never refreshed';
  const head = readers.map((r) => `<th>masking: ${escapeHtml(r)}</th>`).join('');
  return `<section class="table" id="${escapeHtml(`t-${t.relation}`)}" data-relation="${escapeHtml(t.relation)}">
<h3>${escapeHtml(display(t.relation))}<span class="badge kind-${t.kind}">${KIND_LABEL[t.kind]}</span></h3>
<div class="meta">${escapeHtml(rows)} · ${fresh} · ${t.columns.length} columns</div>
<table><thead><tr><th>column</th><th>type</th><th>description</th>${head}</tr></thead><tbody>
${t.columns.map((c) => renderColumn(c, readers)).join('\n')}
</tbody></table></section>`;
}

/** The whole page. */
export function renderSite(data: CatalogData): string {
  // Masking columns only for readers who get masked data: a clear reader's column would say 'none' everywhere.
  const readers = data.readers.filter((r) => r.access === 'masked').map((r) => r.name);
  const published = data.tables.filter((t) => t.kind === 'mart');
  const personal = data.tables.flatMap((t) => (t.kind === 'mart' ? t.columns.filter((c) => c.pii) : []));
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${sha256(SITE_SCRIPT)}'`,
    `style-src 'sha256-${sha256(SITE_STYLE)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const readerList = data.readers
    .map((r) => `<li><strong>${escapeHtml(r.name)}</strong>: <code>${escapeHtml(r.database)}</code> — ${r.access === 'masked' ? 'personal columns masked by policy' : 'clear values (every unmasked query is audited)'}</li>`)
    .join('');
  const notes = data.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Tributary data catalog</title>
<style>${SITE_STYLE}</style>
</head>
<body>
<header>
<h1>Tributary data catalog</h1>
<p>${data.tables.length} tables, ${data.tables.reduce((n, t) => n + t.columns.length, 0)} columns; ${published.length} published with ${personal.length} personal columns · generated ${escapeHtml(data.generatedAt)} from <code>${escapeHtml(data.workspace)}</code></p>
<input id="search" type="search" placeholder="Search columns, descriptions, PII tags, API fields…" autocomplete="off" aria-label="search the catalog">
</header>
<main>
<section id="results" hidden></section>
<section id="lineage" hidden>
<h2>Lineage of <code id="detail-title"></code></h2>
<dl id="detail-facts"></dl>
<p class="meta">Left: what it comes from, down to the connectors' API fields. Right: every column it feeds. Click a node to follow it.</p>
<div class="graph-wrap"><svg id="graph" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="column lineage graph"></svg></div>
</section>
<section id="readers"><h2>Who sees what</h2><ul>${readerList}</ul>${notes}</section>
${data.tables.map((t) => renderTable(t, readers)).join('\n')}
</main>
<script type="application/json" id="catalog-data">${scriptSafeJson(data)}</script>
<script>${SITE_SCRIPT}</script>
</body>
</html>
`;
}
