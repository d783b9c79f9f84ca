/**
 * The CSV of Bulk API 2.0 query results (RFC 4180: comma-separated, fields with commas,
 * quotes or line breaks in double quotes, `""` for a quote; a header row of field names).
 * An empty field is null, as the Bulk API writes nulls.
 */
import { MalformedResponseError } from '../sdk/index.js';

/** Rows of `text` as objects keyed by the header row. */
export function parseBulkCsv(text: string): Record<string, string | null>[] {
  const rows = csvRows(text);
  const header = rows.shift();
  if (header === undefined) return [];
  return rows.map((row) => {
    if (row.length !== header.length) throw new MalformedResponseError('salesforce', `Bulk API result row has ${row.length} fields, its header ${header.length} (cut off?)`);
    return Object.fromEntries(header.map((h, i) => [h ?? '', row[i] === '' ? null : row[i]!]));
  });
}

function csvRows(text: string): (string | undefined)[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
    i++;
  }
  if (quoted) throw new MalformedResponseError('salesforce', 'Bulk API result ends inside a quoted field (cut off?)');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
