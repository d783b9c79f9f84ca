/**
 * The Python modules dbt exposes to templates as `modules.*`, as far as dbt projects
 * use them: `datetime` (date, datetime with `strptime`/`fromisoformat`/`now`,
 * `timestamp()`, `strftime`), `pytz` (`timezone(name).localize(dt)`, `utc`), `re`
 * (search/match/sub/findall) and `itertools` basics. Time zones come from the ICU
 * data Node carries (Intl), so any IANA zone name works.
 */
import { bindArgs, positional } from './nunjucks-dbt.js';

/** A pytz time zone. */
export class PyTimezone {
  readonly zone: string;
  constructor(zone: string) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      throw new Error(`pytz.timezone('${zone}'): unknown time zone`);
    }
    this.zone = zone;
  }
  /** A naive wall-clock datetime placed in this zone (pytz's `localize`). */
  localize(dt: PyDateTime): PyDateTime {
    return new PyDateTime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond, this);
  }
  /** Offset from UTC, in minutes, at the UTC instant `utcMs`. */
  offsetAt(utcMs: number): number {
    if (this.zone === 'UTC') return 0;
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: this.zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(new Date(utcMs));
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
    const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return Math.round((wall - Math.floor(utcMs / 1000) * 1000) / 60_000);
  }
  /** Offset, in minutes, of the wall-clock time `wallMs` (read as if it were UTC) in this zone. */
  offsetForWall(wallMs: number): number {
    const first = this.offsetAt(wallMs);
    return this.offsetAt(wallMs - first * 60_000);
  }
  toString(): string {
    return this.zone;
  }
}

const UTC = new PyTimezone('UTC');

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

export class PyDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  constructor(year: number, month: number, day: number) {
    const d = new Date(Date.UTC(year, month - 1, day));
    if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
      throw new Error(`date(${year}, ${month}, ${day}): day is out of range for month`);
    }
    this.year = year;
    this.month = month;
    this.day = day;
  }
  isoformat(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }
  /** Monday is 0, as in Python. */
  weekday(): number {
    return (new Date(Date.UTC(this.year, this.month - 1, this.day)).getUTCDay() + 6) % 7;
  }
  isoweekday(): number {
    return this.weekday() + 1;
  }
  strftime(fmt: string): string {
    return strftime(fmt, new PyDateTime(this.year, this.month, this.day, 0, 0, 0, 0, null));
  }
  toString(): string {
    return this.isoformat();
  }
}

export class PyDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
  readonly tzinfo: PyTimezone | null;
  constructor(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, microsecond = 0, tzinfo: PyTimezone | null = null) {
    new PyDate(year, month, day); // validates the date part
    this.year = year;
    this.month = month;
    this.day = day;
    this.hour = hour;
    this.minute = minute;
    this.second = second;
    this.microsecond = microsecond;
    this.tzinfo = tzinfo;
  }
  static fromUtcMs(ms: number, tz: PyTimezone | null): PyDateTime {
    const offset = tz ? tz.offsetAt(ms) : 0;
    const d = new Date(ms + offset * 60_000);
    return new PyDateTime(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds() * 1000, tz);
  }
  #wallMs(): number {
    return Date.UTC(this.year, this.month - 1, this.day, this.hour, this.minute, this.second, Math.floor(this.microsecond / 1000));
  }
  /** Minutes east of UTC, or undefined for a naive datetime. */
  utcoffsetMinutes(): number | undefined {
    return this.tzinfo ? this.tzinfo.offsetForWall(this.#wallMs()) : undefined;
  }
  /** Seconds since the epoch; a naive datetime is read in the machine's local zone, as Python does. */
  timestamp(): number {
    const offset = this.utcoffsetMinutes();
    if (offset === undefined) {
      return new Date(this.year, this.month - 1, this.day, this.hour, this.minute, this.second, Math.floor(this.microsecond / 1000)).getTime() / 1000;
    }
    return (this.#wallMs() - offset * 60_000) / 1000;
  }
  date(): PyDate {
    return new PyDate(this.year, this.month, this.day);
  }
  astimezone(tz: PyTimezone): PyDateTime {
    return PyDateTime.fromUtcMs(this.timestamp() * 1000, tz);
  }
  replace(...args: unknown[]): PyDateTime {
    const a = bindArgs(args, ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond', 'tzinfo'], { year: this.year, month: this.month, day: this.day, hour: this.hour, minute: this.minute, second: this.second, microsecond: this.microsecond, tzinfo: this.tzinfo });
    return new PyDateTime(a['year'] as number, a['month'] as number, a['day'] as number, a['hour'] as number, a['minute'] as number, a['second'] as number, a['microsecond'] as number, (a['tzinfo'] as PyTimezone | null) ?? null);
  }
  isoformat(sep = 'T'): string {
    const frac = this.microsecond ? `.${pad(this.microsecond, 6)}` : '';
    return `${this.date().isoformat()}${sep}${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${frac}${offsetText(this.utcoffsetMinutes(), ':')}`;
  }
  strftime(fmt: string): string {
    return strftime(fmt, this);
  }
  toString(): string {
    return this.isoformat(' ');
  }
}

function offsetText(minutes: number | undefined, sep: string): string {
  if (minutes === undefined) return '';
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.floor(m / 60))}${sep}${pad(m % 60)}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function strftime(fmt: string, dt: PyDateTime): string {
  return fmt.replace(/%([a-zA-Z%])/gu, (_, c: string) => {
    switch (c) {
      case 'Y':
        return pad(dt.year, 4);
      case 'y':
        return pad(dt.year % 100);
      case 'm':
        return pad(dt.month);
      case 'd':
        return pad(dt.day);
      case 'H':
        return pad(dt.hour);
      case 'I':
        return pad(((dt.hour + 11) % 12) + 1);
      case 'p':
        return dt.hour < 12 ? 'AM' : 'PM';
      case 'M':
        return pad(dt.minute);
      case 'S':
        return pad(dt.second);
      case 'f':
        return pad(dt.microsecond, 6);
      case 'z':
        return offsetText(dt.utcoffsetMinutes(), '');
      case 'Z':
        return dt.tzinfo?.zone ?? '';
      case 'B':
        return MONTHS[dt.month - 1]!;
      case 'b':
        return MONTHS[dt.month - 1]!.slice(0, 3);
      case 'A':
        return DAYS[dt.date().weekday()]!;
      case 'a':
        return DAYS[dt.date().weekday()]!.slice(0, 3);
      case 'j':
        return pad(Math.round((Date.UTC(dt.year, dt.month - 1, dt.day) - Date.UTC(dt.year, 0, 1)) / 86_400_000) + 1, 3);
      case '%':
        return '%';
      default:
        throw new Error(`strftime: unsupported directive %${c}`);
    }
  });
}

function strptime(text: string, fmt: string): PyDateTime {
  const fields: Record<string, number> = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0, f: 0 };
  let offset: number | undefined;
  let i = 0;
  for (let j = 0; j < fmt.length; j++) {
    const c = fmt[j]!;
    if (c === '%' && j + 1 < fmt.length) {
      const d = fmt[++j]!;
      const width = d === 'Y' ? 4 : d === 'f' ? 6 : d === 'z' ? 5 : 2;
      const m = (d === 'z' ? /^[+-]\d{2}:?\d{2}|^Z/u : new RegExp(`^\\d{1,${width}}`, 'u')).exec(text.slice(i));
      if (!m) throw new Error(`time data '${text}' does not match format '${fmt}'`);
      i += m[0].length;
      if (d === 'z') offset = m[0] === 'Z' ? 0 : (m[0][0] === '-' ? -1 : 1) * (Number(m[0].slice(1, 3)) * 60 + Number(m[0].slice(-2)));
      else if (d === 'f') fields['f'] = Number(m[0].padEnd(6, '0'));
      else fields[d] = Number(m[0]);
    } else {
      if (text[i] !== c) throw new Error(`time data '${text}' does not match format '${fmt}'`);
      i++;
    }
  }
  if (i !== text.length) throw new Error(`unconverted data remains: ${text.slice(i)}`);
  const naive = new PyDateTime(fields['Y']!, fields['m']!, fields['d']!, fields['H']!, fields['M']!, fields['S']!, fields['f']!, null);
  if (offset === undefined) return naive;
  return fixedOffset(naive, offset);
}

/** A datetime carrying a fixed offset, represented by converting it to UTC (its instant is what matters). */
function fixedOffset(naive: PyDateTime, offsetMinutes: number): PyDateTime {
  const wall = Date.UTC(naive.year, naive.month - 1, naive.day, naive.hour, naive.minute, naive.second, Math.floor(naive.microsecond / 1000));
  return PyDateTime.fromUtcMs(wall - offsetMinutes * 60_000, UTC);
}

function fromisoformat(text: string): PyDateTime {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/u.exec(String(text).trim());
  if (!m) throw new Error(`Invalid isoformat string: '${text}'`);
  const naive = new PyDateTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), Number((m[7] ?? '0').padEnd(6, '0')), null);
  const z = m[8];
  if (z === undefined) return naive;
  if (z === 'Z') return fixedOffset(naive, 0);
  const digits = z.replace(':', '');
  return fixedOffset(naive, (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))));
}

type Callable = ((...args: unknown[]) => unknown) & Record<string, unknown>;

function datetimeModule(): Record<string, unknown> {
  const datetime = ((...args: unknown[]) => {
    const a = bindArgs(args, ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond', 'tzinfo'], {
      hour: 0,
      minute: 0,
      second: 0,
      microsecond: 0,
      tzinfo: null,
    });
    return new PyDateTime(Number(a['year']), Number(a['month']), Number(a['day']), Number(a['hour']), Number(a['minute']), Number(a['second']), Number(a['microsecond']), (a['tzinfo'] as PyTimezone | null) ?? null);
  }) as Callable;
  datetime['strptime'] = (text: unknown, fmt: unknown) => strptime(String(text), String(fmt));
  datetime['fromisoformat'] = (text: unknown) => fromisoformat(String(text));
  datetime['now'] = (...args: unknown[]) => {
    const tz = positional(args)[0] as PyTimezone | undefined;
    return PyDateTime.fromUtcMs(Date.now(), tz ?? null);
  };
  datetime['utcnow'] = () => PyDateTime.fromUtcMs(Date.now(), null);
  datetime['fromtimestamp'] = (secs: unknown, tz?: unknown) => PyDateTime.fromUtcMs(Number(secs) * 1000, (tz as PyTimezone) ?? null);
  const date = ((...args: unknown[]) => {
    const a = bindArgs(args, ['year', 'month', 'day']);
    return new PyDate(Number(a['year']), Number(a['month']), Number(a['day']));
  }) as Callable;
  date['today'] = () => PyDateTime.fromUtcMs(Date.now(), null).date();
  date['fromisoformat'] = (text: unknown) => fromisoformat(String(text)).date();
  return { datetime, date, timezone: { utc: UTC } };
}

function reModule(): Record<string, unknown> {
  const flags = (f: unknown) => (Number(f ?? 0) & 2 ? 'iu' : 'u');
  const toRe = (p: unknown, f?: unknown) => new RegExp(String(p), flags(f));
  const match = (m: RegExpExecArray | null) =>
    m && { group: (i = 0) => m[i] ?? null, groups: () => m.slice(1), start: () => m.index, end: () => m.index + m[0].length };
  return {
    IGNORECASE: 2,
    I: 2,
    search: (p: unknown, s: unknown, f?: unknown) => match(toRe(p, f).exec(String(s))),
    match: (p: unknown, s: unknown, f?: unknown) => match(new RegExp(`^(?:${String(p)})`, flags(f)).exec(String(s))),
    fullmatch: (p: unknown, s: unknown, f?: unknown) => match(new RegExp(`^(?:${String(p)})$`, flags(f)).exec(String(s))),
    findall: (p: unknown, s: unknown, f?: unknown) => [...String(s).matchAll(new RegExp(String(p), `g${flags(f)}`))].map((m) => (m.length > 2 ? m.slice(1) : (m[1] ?? m[0]))),
    sub: (p: unknown, r: unknown, s: unknown, ...rest: unknown[]) => String(s).replace(new RegExp(String(p), `g${flags(keywordsOf(rest)['flags'])}`), String(r).replace(/\\(\d)/gu, '$$$1')),
    split: (p: unknown, s: unknown) => String(s).split(toRe(p)),
    compile: (p: unknown, f?: unknown) => {
      const re = toRe(p, f);
      return { search: (s: unknown) => match(re.exec(String(s))), match: (s: unknown) => match(new RegExp(`^(?:${re.source})`, re.flags).exec(String(s))), pattern: re.source };
    },
    escape: (s: unknown) => String(s).replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'),
  };
}

function keywordsOf(args: readonly unknown[]): Record<string, unknown> {
  const last = args.at(-1);
  return typeof last === 'object' && last !== null ? (last as Record<string, unknown>) : {};
}

function itertoolsModule(): Record<string, unknown> {
  const product = (...args: unknown[]): unknown[][] =>
    positional(args).reduce<unknown[][]>((acc, list) => acc.flatMap((a) => [...(list as Iterable<unknown>)].map((x) => [...a, x])), [[]]);
  const combinations = (list: Iterable<unknown>, r: number): unknown[][] => {
    const items = [...list];
    const out: unknown[][] = [];
    const rec = (start: number, acc: unknown[]) => {
      if (acc.length === r) return void out.push(acc);
      for (let i = start; i < items.length; i++) rec(i + 1, [...acc, items[i]]);
    };
    rec(0, []);
    return out;
  };
  return { product, combinations, chain: (...lists: unknown[]) => positional(lists).flatMap((l) => [...(l as Iterable<unknown>)]) };
}

/** `modules` as templates see it. */
export function pyModules(): Record<string, unknown> {
  const pytz = { timezone: (name: unknown) => (String(name) === 'UTC' ? UTC : new PyTimezone(String(name))), utc: UTC, UTC };
  return { datetime: datetimeModule(), pytz, re: reModule(), itertools: itertoolsModule() };
}

/** dbt's `run_started_at`: an aware UTC datetime fixed for the invocation. */
export function runStartedAt(at: Date): PyDateTime {
  return PyDateTime.fromUtcMs(at.getTime(), UTC);
}
