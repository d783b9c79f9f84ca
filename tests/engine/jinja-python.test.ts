/** Where nunjucks parts with Python's Jinja and dbt packages rely on Python: truth, equality, list +, call spreads, extra arguments, attribute assignment. */
import { describe, expect, it } from 'vitest';
import { createDbtEnvironment, pySet, rewriteDbtBlocks } from '../../engine/jinja/nunjucks-dbt.js';

const env = createDbtEnvironment();
const render = (src: string, ctx: Record<string, unknown> = {}) =>
  env.renderString(rewriteDbtBlocks(src), { namespace: (kw: Record<string, unknown>) => ({ ...kw }), set: pySet, ...ctx }).trim();

describe('Python semantics in dbt Jinja', () => {
  it('treats empty lists and dicts as false, and `or`/`and` give one of their operands', () => {
    expect(render("{% if [] or {} %}t{% else %}f{% endif %} {{ [] or 'x' }} {{ 'a' and 'b' }} {{ not [] }}")).toBe('f x b true');
  });

  it('compares lists, dicts and sets by value, and + joins lists', () => {
    expect(render("{{ [1, 2] == [1, 2] }} {{ {'a': 1} != {'a': 1} }} {{ set(['b', 'a']) == set(['a', 'b']) }} {{ (['id'] + ['x']) | join(',') }} {{ 1 + 2 }}")).toBe(
      'true false true id,x 3',
    );
  });

  it('passes *args and **kwargs through, exposes a macro\'s extra varargs and kwargs, and evaluates expression dict keys', () => {
    const src = `{% macro f(a, b=2) %}{{ a }}/{{ b }}/{{ varargs | join(',') }}/{{ kwargs.get('c', '-') }}{% endmacro %}
{%- set xs = [1, 5, 6] -%}{%- set kw = {'c': 7} -%}{%- set k = 'key' -%}
{{ f(*xs) }} {{ f(0, **kw) }} {{ {k: 1, k.upper(): 2} | tojson }}`;
    expect(render(src)).toBe('1/5/6/- 0/2//7 {"key":1,"KEY":2}');
  });

  it('assigns namespace attributes ({% set ns.x %}) from inside loops, and prints none as None and an undefined name as nothing', () => {
    const src = `{% set ns = namespace(total=0, last='') %}{% for i in [1, 2, 3] %}{% set ns.total = ns.total + i %}{% set ns.last %}#{{ i }}{% endset %}{% endfor %}{{ ns.total }} {{ ns.last }} {{ none }} [{{ not_defined }}]`;
    expect(render(src)).toBe('6 #3 None []');
  });
});
