#!/usr/bin/env node
// Entry point for `npx tributary`. The sources are TypeScript run through tsx's
// loader, so there is no build step to forget after `npm install`.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
