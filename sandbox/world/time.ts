/**
 * Time arithmetic for the generator. Everything derives from the population's `asOf`
 * and `days` — never from the wall clock — so the same seed gives the same data on
 * any machine, on any day.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Parses 'YYYY-MM-DD' (midnight UTC) or a full ISO-8601 timestamp; throws on anything else. */
export function parseInstant(value: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`not an ISO-8601 date or timestamp: ${JSON.stringify(value)}`);
  return ms;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** 'YYYY-MM-DD' of a day number since 1970-01-01 (Howard Hinnant's civil_from_days). */
function civilDate(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/**
 * ISO-8601 UTC with milliseconds ('2026-10-03T14:05:09.123Z'). Same output as
 * `Date#toISOString` for years 1000–9999, formatted by hand: the generator calls this
 * millions of times and `Date` objects were a measurable share of its garbage.
 */
export function iso(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / HOUR_MS);
  rest -= h * HOUR_MS;
  const m = Math.floor(rest / MINUTE_MS);
  rest -= m * MINUTE_MS;
  const s = Math.floor(rest / 1000);
  return `${civilDate(day)}T${pad2(h)}:${pad2(m)}:${pad2(s)}.${pad3(rest - s * 1000)}Z`;
}

/** ISO-8601 UTC truncated to whole seconds, as CRM and email APIs report them. */
export function isoSeconds(ms: number): string {
  return `${iso(Math.floor(ms / 1000) * 1000).slice(0, 19)}Z`;
}

/** 'YYYY-MM-DD' of the UTC day containing `ms`. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Midnight UTC of the day containing `ms`. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** The generation window: `days` whole days ending at `asOf` (exclusive). */
export interface Window {
  readonly startMs: number;
  readonly endMs: number;
}

export function windowFor(asOf: string, days: number): Window {
  const endMs = parseInstant(asOf);
  return { startMs: endMs - days * DAY_MS, endMs };
}

/** Clamps `ms` into [lo, hi]. */
export function clamp(ms: number, lo: number, hi: number): number {
  return ms < lo ? lo : ms > hi ? hi : ms;
}
