/**
 * Calendar dates in the spellings exports use — ISO, day-first and month-first with
 * '/', '.' or '-', compact `YYYYMMDD`, `14-Mar-1985`, `March 14, 1985`, `14 mars 1985` —
 * so the classifier can tell a date from a phone number ('23.04.2024' has eight digits
 * and two separators) and judge whether a column's dates are birth dates.
 */

const MONTHS: Readonly<Record<string, number>> = (() => {
  const names: [number, string[]][] = [
    [1, ['jan', 'january', 'januar', 'janvier', 'enero', 'gennaio', 'janeiro', 'januari', 'jän']],
    [2, ['feb', 'february', 'februar', 'février', 'fevrier', 'febrero', 'febbraio', 'fevereiro', 'februari', 'fév', 'fev']],
    [3, ['mar', 'march', 'märz', 'maerz', 'mars', 'marzo', 'março', 'marco', 'maart', 'mär', 'mrz']],
    [4, ['apr', 'april', 'avril', 'abril', 'aprile', 'avr', 'abr']],
    [5, ['may', 'mai', 'mayo', 'maggio', 'maio', 'mei']],
    [6, ['jun', 'june', 'juni', 'juin', 'junio', 'giugno', 'junho']],
    [7, ['jul', 'july', 'juli', 'juillet', 'julio', 'luglio', 'julho', 'juil']],
    [8, ['aug', 'august', 'août', 'aout', 'agosto', 'augustus', 'ago']],
    [9, ['sep', 'sept', 'september', 'septembre', 'septiembre', 'settembre', 'setembro', 'set']],
    [10, ['oct', 'october', 'oktober', 'octobre', 'octubre', 'ottobre', 'outubro', 'okt', 'out', 'ott']],
    [11, ['nov', 'november', 'novembre', 'noviembre', 'novembro']],
    [12, ['dec', 'december', 'dezember', 'décembre', 'decembre', 'diciembre', 'dicembre', 'dezembro', 'dez', 'déc', 'dic']],
  ];
  return Object.fromEntries(names.flatMap(([n, words]) => words.map((w) => [w, n])));
})();

function valid(y: number, m: number, d: number): Date | null {
  if (y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 ? date : null;
}

/**
 * The date a value spells, or null. Numeric day/month order is ambiguous
 * ('03/04/1985'): either reading is a date, and for ages the difference is a month.
 */
export function parseDate(value: string): Date | null {
  const v = value.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC)?)?$/i.exec(v);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(v);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = Number(m[4]);
    return a > 12 ? valid(y, b, a) : valid(y, a, b) ?? valid(y, b, a);
  }
  // East Asian spelling: '1990年5月12日' (Chinese, Japanese), '1990년 5월 12일' (Korean).
  m = /^(\d{4})\s?[年년]\s?(\d{1,2})\s?[月월]\s?(\d{1,2})\s?[日일]$/.exec(v);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})(?:st|nd|rd|th|\.)?[\s-]+([\p{L}]{3,10})\.?[\s-]+(\d{4})$/iu.exec(v);
  if (m && MONTHS[m[2]!.toLowerCase()] !== undefined) return valid(Number(m[3]), MONTHS[m[2]!.toLowerCase()]!, Number(m[1]));
  m = /^([\p{L}]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/iu.exec(v);
  if (m && MONTHS[m[1]!.toLowerCase()] !== undefined) return valid(Number(m[3]), MONTHS[m[1]!.toLowerCase()]!, Number(m[2]));
  return null;
}

/** Whole years between `date` and `now` (negative for a future date). */
export function ageInYears(date: Date, now: Date = new Date()): number {
  return (now.getTime() - date.getTime()) / (365.2425 * 86_400_000);
}
