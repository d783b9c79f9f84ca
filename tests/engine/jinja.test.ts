/** The Jinja dbt templates are written in, on nunjucks: return(), Python methods and modules, dbt's block tags. */
import { describe, expect, it } from 'vitest';
import { createDbtEnvironment, dropTrailingCommas, rewriteDbtBlocks } from '../../engine/jinja/nunjucks-dbt.js';
import { MacroReturn } from '../../engine/jinja/nunjucks-dbt.js';
import { pyModules } from '../../engine/jinja/py-modules.js';

const env = createDbtEnvironment();
const render = (src: string, ctx: Record<string, unknown> = {}) =>
  env.renderString(rewriteDbtBlocks(src), {
    return: (v: unknown) => {
      throw new MacroReturn(v);
    },
    modules: pyModules(),
    ...ctx,
  });

describe('dbt Jinja on nunjucks', () => {
  it('return() ends a macro with a value, also from inside loops, and leaves the caller\'s variables alone', () => {
    const src = `{% macro first_big(xs) %}{% for x in xs %}{% if x > 2 %}{{ return(x * 10) }}{% endif %}{% endfor %}{{ return(-1) }}{% endmacro %}
{%- set before = 'kept' -%}
{%- set v = first_big([1, 3, 5]) -%}
{{ v + 1 }} {{ first_big([1]) }} {{ before }}`;
    expect(render(src).trim()).toBe('31 -1 kept');
  });

  it('accepts Python trailing commas, {% test %} blocks, {% do %} and private macro names', () => {
    expect(dropTrailingCommas('{{ f(a, b,\n) }} {% set d = {"k": [1, 2,],} %} "x, )"')).toBe('{{ f(a, b\n) }} {% set d = {"k": [1, 2]} %} "x, )"');
    const src = `{% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}
{%- macro _private() %}p{% endmacro -%}
{%- set xs = [] -%}{% do xs.append('a') %}{% do xs.append('b',) %}
{{ test_positive('t', 'c') }} {{ xs | join(',') }} {{ _private() }}`;
    expect(render(src).trim()).toBe('select * from t where c <= 0 a,b p');
  });

  it('has the Python string, list and dict methods templates use, and dbt\'s filters and tests', () => {
    const src = `{{ 'ab,cd'.split(',') | tojson }} {{ ' x '.strip().upper() }} {{ 'a-b-c'.replace('-', '_') }} {{ {'k': 1}.items() | list | tojson }}
{{ [{'n': 1}, {'n': 2}] | map(attribute='n') | join('+') }} {{ none is none }} {{ 'Id'.lower().startswith('i') }} {{ '{}-{}'.format(1, 2) }}`;
    expect(render(src).trim().split(/\s+/u)).toEqual(['["ab","cd"]', 'X', 'a_b_c', '[["k",1]]', '1+2', 'true', 'true', '1-2']);
  });

  it('gives modules.datetime and pytz: construction, parsing, time zones, timestamps', () => {
    const src = `{%- set dt = modules.datetime.datetime(2021, 6, 7, 7, 35, 20, tzinfo=modules.pytz.timezone('America/Los_Angeles')) -%}
{{ dt }}|{{ dt.timestamp() }}|{{ modules.datetime.date(1997, 9, 29) }}|{{ modules.datetime.datetime.strptime('2026-09-01', '%Y-%m-%d').strftime('%d/%m/%Y') }}
|{{ modules.datetime.datetime.fromisoformat('2026-08-31T15:00:00+00:00').timestamp() }}|{{ modules.pytz.timezone('Asia/Tokyo').localize(modules.datetime.datetime(2026, 9, 1)).timestamp() }}`;
    expect(render(src).replace(/\s+/gu, '')).toBe('2021-06-0707:35:20-07:00|1623076520|1997-09-29|01/09/2026|1788188400|1788188400');
  });
});
