/**
 * Where the peer test suites live: `../shared/third_party` beside the repository (or
 * beside the main checkout, when this is a git worktree), or `$TRIBUTARY_THIRD_PARTY`.
 * They are read-only and never copied into the project; tests copy what they run to a
 * temp folder.
 */
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from './workspace.js';

/** The third_party folder, or undefined when it is not on this machine. */
export function thirdPartyDir(): string | undefined {
  const candidates = [process.env['TRIBUTARY_THIRD_PARTY'], join(REPO_ROOT, '..', 'shared', 'third_party')];
  const dotGit = join(REPO_ROOT, '.git');
  if (existsSync(dotGit) && statSync(dotGit).isFile()) {
    // A worktree: `.git` says `gitdir: <main>/.git/worktrees/<name>`; the main checkout sits above `.git`.
    const gitdir = /^gitdir:\s*(.+)$/mu.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
    if (gitdir) candidates.push(join(resolve(gitdir, '..', '..', '..'), '..', 'shared', 'third_party'));
  }
  return candidates.find((c): c is string => c !== undefined && existsSync(c));
}

/** Copies `src` to `dest` and makes the copy writable (the shared originals are read-only). */
export function copyWritable(src: string, dest: string): void {
  cpSync(src, dest, { recursive: true });
  makeWritable(dest);
}

export function makeWritable(path: string): void {
  if (!existsSync(path)) return;
  const st = statSync(path);
  chmodSync(path, st.mode | 0o200);
  if (st.isDirectory()) for (const e of readdirSync(path)) makeWritable(join(path, e));
}

