/**
 * Byte-exact line reading for resumable JSONL ingestion. node:readline would stream
 * just as well, but it hides the two facts a resume point needs: how many bytes a
 * line took (`\n`, `\r\n` or a lone `\r` all end a readline line) and whether the last
 * line was terminated at all (a writer may be half-way through it). So this splits
 * the file stream's Buffer chunks on `\n` itself; memory stays bounded by one chunk
 * plus one line.
 */
import { createReadStream } from 'node:fs';

/** One line of a file: its text without the line ending, and where the next line starts. */
export interface FileLine {
  /** UTF-8 text without `\n` / `\r\n`; undefined when the line exceeded `maxLineBytes` (content dropped). */
  readonly text: string | undefined;
  /** Byte offset just past this line (and its `\n`): the resume point once it is consumed. */
  readonly next: number;
  /** False for a final line with no `\n` yet (the writer may still be writing it). */
  readonly terminated: boolean;
}

export interface ReadLinesOptions {
  /** First byte to read (a previous resume point). */
  readonly start: number;
  /** Read up to this byte offset, exclusive (the size seen when the read began). */
  readonly end: number;
  /** Lines longer than this are reported with `text: undefined` instead of being buffered. */
  readonly maxLineBytes?: number;
}

/**
 * Streams the lines of `file` between `start` and `end`.
 *
 * @example
 * ```ts
 * for await (const l of readLines('/data/events-2026-11-01.jsonl', { start: 0, end: size })) {
 *   if (l.terminated) offset = l.next;
 * }
 * ```
 */
export async function* readLines(file: string, options: ReadLinesOptions): AsyncGenerator<FileLine> {
  const { start, end } = options;
  const maxLineBytes = options.maxLineBytes ?? 16 * 1024 * 1024;
  if (end <= start) return;
  const stream = createReadStream(file, { start, end: end - 1, highWaterMark: 64 * 1024 });
  let carry: Buffer[] = [];
  let carryLen = 0;
  let overlong = false;
  /** Offset of the first byte of the line being assembled. */
  let lineStart = start;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let from = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, from);
        if (nl === -1) break;
        const piece = chunk.subarray(from, nl);
        const length = carryLen + piece.length;
        const next = lineStart + length + 1;
        const text = overlong || length > maxLineBytes ? undefined : decode(carryLen > 0 ? Buffer.concat([...carry, piece]) : piece);
        carry = [];
        carryLen = 0;
        overlong = false;
        lineStart = next;
        from = nl + 1;
        yield { text, next, terminated: true };
      }
      if (from < chunk.length) {
        const rest = chunk.subarray(from);
        carryLen += rest.length;
        // Past the cap, keep counting bytes but stop holding them.
        if (overlong || carryLen > maxLineBytes) {
          overlong = true;
          carry = [];
        } else {
          carry.push(Buffer.from(rest));
        }
      }
    }
    if (carryLen > 0) {
      yield { text: overlong ? undefined : decode(Buffer.concat(carry)), next: lineStart + carryLen, terminated: false };
    }
  } finally {
    stream.destroy();
  }
}

function decode(buf: Buffer): string {
  const text = buf.toString('utf8');
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
