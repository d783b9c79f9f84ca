#!/usr/bin/env node
// Entry point for `npx tributary`: the compiled CLI in dist/, which `npm install` builds
// (the `prepare` script). During development, `npm run dev -- <args>` runs the sources
// through tsx instead.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('error: tributary is not built (dist/ is missing)\nhint: run `npm run build` (npm install does it)\n');
  process.exit(2);
}
await import(main.href);
