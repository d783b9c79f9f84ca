/**
 * Errors of the model engine. Project and parse problems are the user's to fix
 * (ConfigError: exit code 2); a model that fails while running is reported in its
 * run result instead of thrown, so independent models still run.
 */
import path from 'node:path';
import type { z } from 'zod';
import { ConfigError, TributaryError } from '../core/index.js';

/** A problem in dbt_project.yml, a schema .yml file or a model file, named by file and key path. */
export class ProjectConfigError extends ConfigError {
  readonly file: string;
  readonly keyPath: string | undefined;

  constructor(file: string, keyPath: string | undefined, message: string, options?: { hint?: string; cause?: unknown }) {
    super(`${displayPath(file)}${keyPath ? `: ${keyPath}` : ''}: ${message}`, options);
    this.file = file;
    this.keyPath = keyPath;
  }
}

/** Several project problems at once, so a user fixes them in one pass instead of one per run. */
export class ProjectErrors extends ConfigError {
  readonly errors: readonly ProjectConfigError[];

  constructor(errors: readonly ProjectConfigError[]) {
    super(
      errors.length === 1
        ? (errors[0] as ProjectConfigError).message
        : `${errors.length} problems in the model project:\n${errors.map((e) => `  - ${e.message}`).join('\n')}`,
      // The problems' hints, each once (several missing packages share one).
      { hint: [...new Set(errors.map((e) => e.hint).filter((h): h is string => h !== undefined))].join('\n') || undefined },
    );
    this.errors = Object.freeze([...errors]);
  }
}

/** Rendering a model's Jinja failed (unknown ref, missing var, template syntax). */
export class ModelCompileError extends TributaryError {
  readonly model: string;
  readonly file: string;

  constructor(model: string, file: string, message: string, options?: { hint?: string; cause?: unknown }) {
    super('model_compile_error', `model ${model} (${displayPath(file)}): ${message}`, options);
    this.model = model;
    this.file = file;
  }
}

/** A path as a person wants to read it: relative to the working directory when inside it. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/** `models[0].columns[2].tests` from a zod / YAML key path. */
export function formatKeyPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

/** One ProjectConfigError per zod issue, each naming the file and the key path. */
export function zodIssuesToErrors(file: string, prefix: readonly PropertyKey[], error: z.ZodError): ProjectConfigError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => new ProjectConfigError(file, formatKeyPath([...prefix, ...issue.path, k]), 'unknown key'));
    }
    const where = formatKeyPath([...prefix, ...issue.path]);
    return [new ProjectConfigError(file, where === '' ? '(top level)' : where, issue.message)];
  });
}
