/**
 * Secret redaction. Every secret resolved from config is registered here; log lines,
 * error messages and anything printed pass through `scrub()`. Header-shaped secrets
 * (`Authorization: Bearer …`, `apikey …`) are scrubbed even when nobody registered them,
 * because axios errors carry request headers.
 */
const MASK = '[redacted]';

const HEADER_PATTERNS: readonly RegExp[] = [
  /(\bBearer\s+)[A-Za-z0-9._~+/=-]{4,}/gi,
  /(\bBasic\s+)[A-Za-z0-9+/=]{4,}/gi,
  // Query strings and form bodies: access_token=…
  /(\b(?:access_token|api_key|apikey|client_secret|refresh_token|password)=)[^\s"'&,}]{4,}/gi,
  // JSON: "access_token": "…"
  /("(?:access_token|api_key|apikey|client_secret|refresh_token|password)"\s*:\s*")[^"]{4,}/gi,
];

export class SecretRedactor {
  readonly #secrets = new Set<string>();

  /** Register a secret value; values shorter than 4 characters are ignored (too noisy to scrub). */
  add(secret: string | undefined | null): this {
    if (secret && secret.length >= 4) {
      this.#secrets.add(secret);
      // Basic auth and URL-encoded forms of the same secret leak just as well.
      this.#secrets.add(encodeURIComponent(secret));
      this.#secrets.add(Buffer.from(secret).toString('base64'));
    }
    return this;
  }

  scrub(text: string): string {
    let out = text;
    // Longest first, so a secret containing another is masked whole.
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join(MASK);
    }
    for (const pattern of HEADER_PATTERNS) out = out.replace(pattern, `$1${MASK}`);
    return out;
  }

  /** Deep-scrub a JSON-able value (for structured log fields). */
  scrubValue<T>(value: T): T {
    if (typeof value === 'string') return this.scrub(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.scrubValue(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        out[k] = /authorization|token|secret|password|api[_-]?key/i.test(k) && typeof v === 'string' ? MASK : this.scrubValue(v);
      }
      return out as T;
    }
    return value;
  }
}
