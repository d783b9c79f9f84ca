/**
 * The catalog page's own script, inlined into index.html (no CDN, nothing fetched): the
 * search box, and the lineage graph drawn as inline SVG around the column in focus —
 * what it comes from to the left (down to API fields), what it feeds to the right.
 * Clicking a node (or any column link) focuses it, through the URL's `#node=` so the
 * browser's back button walks back along the path taken.
 *
 * Everything from the catalog goes into the page through textContent and attributes,
 * never markup, so a description or a column name cannot inject HTML.
 */
export const SITE_SCRIPT = String.raw`
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var data = JSON.parse(document.getElementById('catalog-data').textContent);
  var columns = new Map();
  data.tables.forEach(function (t) { t.columns.forEach(function (c) { columns.set(c.node, { table: t, column: c }); }); });
  var fields = new Set(data.fields);
  var upstream = new Map();
  var downstream = new Map();
  data.edges.forEach(function (e) { push(upstream, e.to, e); push(downstream, e.from, e); });

  function push(map, key, value) { var list = map.get(key); if (!list) { list = []; map.set(key, list); } list.push(value); }
  function display(node) { return node.indexOf('main.') === 0 ? node.slice(5) : node; }
  function kindOf(node) {
    if (fields.has(node)) return 'field';
    var c = columns.get(node);
    if (c) return c.table.kind;
    return node.indexOf('raw.') === 0 ? 'raw' : 'model';
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function nodeLink(node) { return el('a', { href: '#node=' + encodeURIComponent(node), 'data-node': node, class: 'node-link kind-' + kindOf(node) }, display(node)); }

  // ---- search -------------------------------------------------------------------------
  var input = document.getElementById('search');
  var results = document.getElementById('results');
  var searchable = [];
  columns.forEach(function (c, node) {
    searchable.push({ node: node, text: [display(node), c.column.description || '', c.column.pii ? c.column.pii.tag : '', c.column.sourceField || ''].join(' ').toLowerCase() });
  });
  data.fields.forEach(function (f) { if (!columns.has(f)) searchable.push({ node: f, text: f.toLowerCase() }); });
  var RANK = { mart: 0, model: 1, seed: 2, raw: 3, field: 4 };

  function runSearch() {
    var q = input.value.trim().toLowerCase();
    clear(results);
    if (q === '') { results.hidden = true; return; }
    var terms = q.split(/\s+/);
    var hits = searchable.filter(function (s) { return terms.every(function (t) { return s.text.indexOf(t) >= 0; }); });
    hits.sort(function (a, b) {
      var an = display(a.node).toLowerCase(), bn = display(b.node).toLowerCase();
      var ae = an.split('.').pop() === q ? 0 : 1, be = bn.split('.').pop() === q ? 0 : 1;
      return RANK[kindOf(a.node)] - RANK[kindOf(b.node)] || ae - be || an.localeCompare(bn);
    });
    results.hidden = false;
    var count = el('p', { class: 'count' }, hits.length + (hits.length === 1 ? ' column' : ' columns') + (hits.length > 100 ? ' (first 100 shown)' : ''));
    results.appendChild(count);
    var list = el('ul', { id: 'result-list' });
    hits.slice(0, 100).forEach(function (h) {
      var li = el('li');
      li.appendChild(nodeLink(h.node));
      var c = columns.get(h.node);
      li.appendChild(el('span', { class: 'kind' }, kindOf(h.node) === 'field' ? 'API field' : c.table.kind));
      if (c && c.column.pii) li.appendChild(el('span', { class: 'badge pii' }, c.column.pii.tag));
      if (c && c.column.description) li.appendChild(el('span', { class: 'desc' }, c.column.description));
      list.appendChild(li);
    });
    results.appendChild(list);
  }
  input.addEventListener('input', runSearch);

  // ---- lineage ------------------------------------------------------------------------
  var panel = document.getElementById('lineage');
  var title = document.getElementById('detail-title');
  var facts = document.getElementById('detail-facts');
  var graph = document.getElementById('graph');

  /** node → depth: negative upstream, positive downstream, 0 the focus; plus the edges walked. */
  function walk(start) {
    var depth = new Map([[start, 0]]);
    var walked = [];
    [[upstream, -1, 'from'], [downstream, 1, 'to']].forEach(function (dir) {
      var frontier = [start];
      for (var d = dir[1]; frontier.length > 0; d += dir[1]) {
        var next = [];
        frontier.forEach(function (n) {
          (dir[0].get(n) || []).forEach(function (e) {
            var other = e[dir[2]];
            walked.push(e);
            if (depth.has(other)) return;
            depth.set(other, d);
            next.push(other);
          });
        });
        frontier = next;
      }
    });
    return { depth: depth, edges: walked };
  }

  var W = 300, H = 26, GAP_X = 70, GAP_Y = 10, PAD = 10;

  function drawGraph(focus, w) {
    clear(graph);
    var levels = new Map();
    w.depth.forEach(function (d, n) { push(levels, d, n); });
    var keys = Array.from(levels.keys()).sort(function (a, b) { return a - b; });
    var min = keys[0], tallest = 0;
    var pos = new Map();
    keys.forEach(function (d) {
      var nodes = levels.get(d).sort(function (a, b) { return display(a).localeCompare(display(b)); });
      tallest = Math.max(tallest, nodes.length);
      nodes.forEach(function (n, i) { pos.set(n, { x: PAD + (d - min) * (W + GAP_X), y: PAD + i * (H + GAP_Y) }); });
    });
    var width = PAD * 2 + keys.length * W + (keys.length - 1) * GAP_X;
    var height = PAD * 2 + tallest * (H + GAP_Y);
    graph.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    graph.setAttribute('width', String(width));
    graph.setAttribute('height', String(height));
    var drawn = new Set();
    w.edges.forEach(function (e) {
      var a = pos.get(e.from), b = pos.get(e.to);
      var key = e.from + '\u0000' + e.to;
      if (!a || !b || drawn.has(key) || b.x <= a.x) return;
      drawn.add(key);
      var x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2, mid = (x1 + x2) / 2;
      var path = svg('path', { d: 'M' + x1 + ',' + y1 + ' C' + mid + ',' + y1 + ' ' + mid + ',' + y2 + ' ' + x2 + ',' + y2, class: 'edge t-' + e.transform });
      var tip = svg('title', {});
      tip.textContent = display(e.from) + ' → ' + display(e.to) + ' (' + e.transform + ')';
      path.appendChild(tip);
      graph.appendChild(path);
    });
    pos.forEach(function (p, n) {
      var g = svg('g', { class: 'gnode kind-' + kindOf(n) + (n === focus ? ' focus' : ''), 'data-node': n, tabindex: '0', role: 'link', transform: 'translate(' + p.x + ',' + p.y + ')' });
      g.appendChild(svg('rect', { width: W, height: H, rx: 4 }));
      var label = svg('text', { x: 8, y: 17 });
      var name = display(n);
      label.textContent = name.length > 39 ? '…' + name.slice(-38) : name;
      g.appendChild(label);
      var tip = svg('title', {});
      tip.textContent = name + ' (' + (kindOf(n) === 'field' ? 'API field' : kindOf(n)) + ')';
      g.appendChild(tip);
      g.addEventListener('click', function () { go(n); });
      g.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') go(n); });
      graph.appendChild(g);
    });
    // The focus sits mid-graph when it has both parents and children: bring it into view.
    var wrap = graph.parentNode, at = pos.get(focus);
    if (wrap && at) wrap.scrollLeft = Math.max(0, at.x + W / 2 - wrap.clientWidth / 2);
  }

  function addFact(label, value) {
    facts.appendChild(el('dt', {}, label));
    var dd = el('dd');
    if (typeof value === 'string') dd.textContent = value; else dd.appendChild(value);
    facts.appendChild(dd);
  }

  function linkList(nodes) {
    var span = el('span', { class: 'links' });
    if (nodes.length === 0) span.textContent = 'none';
    nodes.forEach(function (n) { span.appendChild(nodeLink(n)); });
    return span;
  }

  function focusNode(node) {
    if (!columns.has(node) && !fields.has(node) && !upstream.has(node) && !downstream.has(node)) return;
    panel.hidden = false;
    title.textContent = display(node);
    title.setAttribute('data-node', node);
    clear(facts);
    var c = columns.get(node);
    var kind = kindOf(node);
    addFact('kind', kind === 'field' ? 'API field of a connector' : kind === 'mart' ? 'published column' : kind === 'raw' ? 'raw column' : 'model column');
    if (c) {
      addFact('type', c.column.dataType);
      if (c.column.description) addFact('description', c.column.description);
      if (c.column.pii) addFact('PII', c.column.pii.tag + ' — ' + c.column.pii.description + ' (' + c.column.pii.originKind + ': ' + c.column.pii.origin + ')');
      var roles = Object.keys(c.column.masking);
      if (roles.length > 0) addFact('masking', roles.map(function (r) { return r + ': ' + c.column.masking[r]; }).join(', '));
    }
    var w = walk(node);
    var ups = [], downs = [];
    w.depth.forEach(function (d, n) {
      if (d < 0 && kindOf(n) === 'field') ups.push(n);
      if (d > 0 && kindOf(n) === 'mart') downs.push(n);
    });
    addFact('comes from API fields', linkList(ups.sort()));
    addFact('feeds published columns', linkList(downs.sort()));
    drawGraph(node, w);
  }

  function go(node) { location.hash = 'node=' + encodeURIComponent(node); }
  function route() {
    var m = /^#node=(.+)$/.exec(location.hash);
    if (!m) return;
    focusNode(decodeURIComponent(m[1]));
    panel.scrollIntoView({ block: 'start' });
  }
  window.addEventListener('hashchange', route);
  route();
})();
`;
