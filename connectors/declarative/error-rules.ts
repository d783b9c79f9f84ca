/**
 * A definition's `errors:` block as the SDK client's `classify` and `describe` hooks:
 * the rules decide retry / auth / quota / fatal before the SDK's defaults (an API may
 * throttle with HTTP 400 and a code in the body), and the vendor's message with the
 * declared details (code, trace id) is what a failed stream reports.
 */
import type { AttemptFailure, Classifier, FailureKind } from '../sdk/index.js';
import type { ErrorsDefinition } from './definition-schema.js';
import { selectJsonPath } from './json-path.js';

export function errorClassifier(errors: ErrorsDefinition): Classifier | undefined {
  if (errors.rules.length === 0) return undefined;
  const patterns = errors.rules.map((rule) => (rule.matches === undefined ? undefined : new RegExp(rule.matches, 'u')));
  return (failure: AttemptFailure): FailureKind | undefined => {
    for (const [i, rule] of errors.rules.entries()) {
      if (rule.status !== undefined && failure.status !== rule.status) continue;
      const value = rule.path === undefined ? undefined : selectJsonPath(failure.body, rule.path);
      if (rule.in !== undefined && !rule.in.includes(value as string | number | boolean)) continue;
      const pattern = patterns[i];
      if (pattern !== undefined && !(typeof value === 'string' && pattern.test(value))) continue;
      return rule.action;
    }
    return undefined;
  };
}

export function errorDescriber(errors: ErrorsDefinition): ((body: unknown) => string | undefined) | undefined {
  if (errors.message === undefined && Object.keys(errors.details).length === 0) return undefined;
  return (body: unknown): string | undefined => {
    const message = errors.message === undefined ? undefined : scalar(selectJsonPath(body, errors.message));
    const details = Object.entries(errors.details)
      .map(([label, path]) => [label, scalar(selectJsonPath(body, path))] as const)
      .filter(([, v]) => v !== undefined)
      .map(([label, v]) => `${label} ${v}`);
    if (message === undefined && details.length === 0) return undefined;
    return details.length > 0 ? `${message ?? 'API error'} [${details.join(', ')}]` : message;
  };
}

function scalar(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}
