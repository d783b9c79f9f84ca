/**
 * dbt's docs blocks: `{% docs name %}…{% enddocs %}` in the `.md` files of a project (or
 * package), and `{{ doc('name') }}` (or `doc('package', 'name')`) in yml descriptions,
 * replaced by the block's text when the project loads, so every reader of a description
 * (manifest.json, the catalog, governance) sees the words, not the call.
 */
import { ProjectConfigError } from './errors.js';

export interface DocBlock {
  readonly packageName: string;
  readonly name: string;
  readonly text: string;
  readonly file: string;
}

const BLOCK = /\{%-?\s*docs\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%\}([\s\S]*?)\{%-?\s*enddocs\s*-?%\}/gu;
const CALL = /\{\{-?\s*doc\(\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\1\s*(?:,\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\3\s*)?\)\s*-?\}\}/gu;

/** The blocks of one `.md` file; dbt trims the text between the tags. */
export function docBlocksIn(text: string, file: string, packageName: string): DocBlock[] {
  return [...text.matchAll(BLOCK)].map((m) => ({ packageName, name: m[1]!, text: m[2]!.trim(), file }));
}

/** Looks blocks up as dbt's `doc()` does: the calling package's first, then the root project's, then any package's. */
export class DocIndex {
  readonly #byKey = new Map<string, DocBlock>();
  readonly #rootName: string;
  readonly errors: ProjectConfigError[] = [];

  constructor(rootName: string, blocks: readonly DocBlock[]) {
    this.#rootName = rootName;
    for (const b of blocks) {
      const key = `${b.packageName}.${b.name}`;
      const dup = this.#byKey.get(key);
      if (dup) this.errors.push(new ProjectConfigError(b.file, undefined, `docs block "${b.name}" is also defined in ${dup.file}`));
      else this.#byKey.set(key, b);
    }
  }

  /**
   * `description` with each `{{ doc(…) }}` replaced by its block's text.
   * @throws ProjectConfigError naming `file` when a block does not exist.
   */
  resolve(description: string | undefined, packageName: string, file: string): string | undefined {
    if (description === undefined || !description.includes('doc(')) return description;
    return description.replace(CALL, (_all, _q1, first: string, _q2, second: string | undefined) => {
      const [pkg, name] = second === undefined ? [undefined, first] : [first, second];
      const found =
        pkg !== undefined
          ? this.#byKey.get(`${pkg}.${name}`)
          : (this.#byKey.get(`${packageName}.${name}`) ?? this.#byKey.get(`${this.#rootName}.${name}`) ?? [...this.#byKey.values()].find((b) => b.name === name));
      if (!found) {
        throw new ProjectConfigError(file, undefined, `doc('${pkg === undefined ? name : `${pkg}', '${name}`}'): no {% docs ${name} %} block in the .md files`, {
          hint: 'docs blocks live in .md files under the model, seed, snapshot or macro paths (or docs-paths)',
        });
      }
      return found.text;
    });
  }
}
