import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLines, type FileLine } from '../../../connectors/web-events/line-reader.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-lines-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function collect(file: string, start: number, end: number, maxLineBytes?: number): Promise<FileLine[]> {
  const out: FileLine[] = [];
  for await (const l of readLines(file, { start, end, ...(maxLineBytes ? { maxLineBytes } : {}) })) out.push(l);
  return out;
}

describe('readLines', () => {
  it('keeps exact byte offsets across 64 KiB chunk boundaries and multi-byte characters', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => `{"i":${i},"t":"${'ü€'.repeat(i % 97)}${'x'.repeat(i)}"}`);
    const file = path.join(dir, 'big.jsonl');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(2 * 64 * 1024);
    const got = await collect(file, 0, size);
    expect(got.map((l) => l.text)).toEqual(lines);
    expect(got.every((l) => l.terminated)).toBe(true);
    expect(got.at(-1)!.next).toBe(size);
    // Resuming at any reported offset yields exactly the remaining lines.
    const resumeAt = got[250]!.next;
    expect((await collect(file, resumeAt, size)).map((l) => l.text)).toEqual(lines.slice(251));
  });

  it('reports an unterminated tail and stops at `end`', async () => {
    const file = path.join(dir, 'tail.jsonl');
    fs.writeFileSync(file, 'a\nbb\ncc');
    expect(await collect(file, 0, 7)).toEqual([
      { text: 'a', next: 2, terminated: true },
      { text: 'bb', next: 5, terminated: true },
      { text: 'cc', next: 7, terminated: false },
    ]);
    expect(await collect(file, 0, 4)).toEqual([
      { text: 'a', next: 2, terminated: true },
      { text: 'bb', next: 4, terminated: false },
    ]);
    expect(await collect(file, 7, 7)).toEqual([]);
  });

  it('drops the content of overlong lines but keeps counting bytes', async () => {
    const file = path.join(dir, 'long.jsonl');
    fs.writeFileSync(file, `ok\n${'y'.repeat(200_000)}\nafter\n`);
    const size = fs.statSync(file).size;
    const got = await collect(file, 0, size, 1000);
    expect(got.map((l) => l.text)).toEqual(['ok', undefined, 'after']);
    expect(got[1]!.next).toBe(3 + 200_001);
    expect(got[2]!.next).toBe(size);
  });
});
