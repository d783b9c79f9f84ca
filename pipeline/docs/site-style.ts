/** The catalog page's stylesheet, inlined into index.html (no web fonts, nothing fetched). */
export const SITE_STYLE = `
:root { --fg: #1d2330; --muted: #5d6676; --line: #d9dee7; --mart: #1f6feb; --model: #8250df; --raw: #9a6700; --field: #1a7f37; --pii: #cf222e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: #f6f8fa; }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 12px 24px; position: sticky; top: 0; z-index: 2; }
header h1 { font-size: 18px; margin: 0 0 6px; }
header p { margin: 0; color: var(--muted); }
#search { width: 100%; max-width: 640px; font-size: 15px; padding: 7px 10px; margin-top: 8px; border: 1px solid var(--line); border-radius: 6px; }
main { padding: 16px 24px; }
#lineage, section.table { scroll-margin-top: 130px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin-bottom: 16px; }
h2 { font-size: 16px; margin: 0 0 8px; }
h3 { font-size: 15px; margin: 0; }
table { border-collapse: collapse; width: 100%; margin-top: 8px; }
th, td { text-align: left; padding: 4px 8px; border-top: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
code, .node-link { font-family: ui-monospace, monospace; font-size: 13px; }
.meta { color: var(--muted); }
.badge { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; border: 1px solid currentColor; margin-left: 6px; }
.badge.pii { color: var(--pii); }
.badge.kind-mart { color: var(--mart); } .badge.kind-model { color: var(--model); } .badge.kind-raw { color: var(--raw); }
#results ul { list-style: none; margin: 0; padding: 0; }
#results li { padding: 3px 0; border-top: 1px solid var(--line); }
#results .kind { color: var(--muted); margin-left: 8px; font-size: 12px; }
#results .desc { color: var(--muted); margin-left: 8px; }
.count { color: var(--muted); margin: 0 0 6px; }
a { color: var(--mart); text-decoration: none; } a:hover { text-decoration: underline; }
.node-link.kind-field { color: var(--field); } .node-link.kind-raw { color: var(--raw); } .node-link.kind-model { color: var(--model); }
.links .node-link { margin-right: 12px; display: inline-block; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
dt { color: var(--muted); }
dd { margin: 0; }
.graph-wrap { overflow: auto; border: 1px solid var(--line); border-radius: 6px; background: #fbfcfd; max-height: 70vh; }
svg .gnode { cursor: pointer; }
svg .gnode rect { fill: #fff; stroke: var(--line); stroke-width: 1.5; }
svg .gnode text { font: 12px ui-monospace, monospace; fill: var(--fg); pointer-events: none; }
svg .gnode.kind-mart rect { stroke: var(--mart); } svg .gnode.kind-model rect { stroke: var(--model); }
svg .gnode.kind-raw rect { stroke: var(--raw); } svg .gnode.kind-field rect { stroke: var(--field); fill: #eefbf1; }
svg .gnode.focus rect { stroke-width: 3; fill: #fff8c5; }
svg .gnode:hover rect, svg .gnode:focus rect { fill: #ddf4ff; }
svg .edge { fill: none; stroke: #8c959f; stroke-width: 1.3; }
svg .edge.t-hash { stroke-dasharray: 4 3; } svg .edge.t-aggregate { stroke-dasharray: 1 3; }
.note { color: var(--pii); }
`;
