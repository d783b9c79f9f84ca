/**
 * Durable file replacement needs the data and the folder entry on disk before a rename is
 * trusted (publish, compaction, the Parquet lake): fsync of a file or a folder by path.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';

/** fsyncs the file or folder at `path` (opened read-only, which Linux allows for both). */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
