"use strict";
// The page of a neardup report. Its data is the JSON block above; document
// text is untrusted and only ever enters the page as text nodes.
const data = JSON.parse(document.getElementById("data").textContent);
const pageSize = 50, listStep = 100;
const kindOrder = { exact: 0, near: 1, related: 2 };
const $ = id => document.getElementById(id);
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = text; if (cls) e.className = cls; return e; };
const fmt = x => (x === undefined || x === null) ? "" : x.toFixed(3);
const pct = x => (100 * x).toFixed(1) + "%";
const badge = kind => el("span", kind, "badge kind-" + kind);
const link = (text, hash) => { const a = el("a", text); a.href = "#" + hash; return a; };

// The view lives in the URL fragment, for instance
// #kinds=exact,near&minj=0.7&sort=score&page=2&pair=3&story=1&cluster=0.
const defaults = () => ({ view: "", kinds: ["exact", "near", "related"], minj: 0, minr: 0, sort: "rank", page: 1, pair: -1, story: -1, cluster: -1 });
function readState() {
  const s = defaults();
  for (const part of location.hash.slice(1).split("&")) {
    const [k, v = ""] = part.split("=").map(decodeURIComponent);
    if (k === "kinds") s.kinds = v ? v.split(",") : [];
    else if (k === "minj" || k === "minr") s[k] = parseFloat(v) || 0;
    else if (k === "sort" || k === "view") s[k] = v;
    else if (k === "page") s.page = Math.max(1, parseInt(v, 10) || 1);
    else if (k === "pair" || k === "story" || k === "cluster") { const n = parseInt(v, 10); s[k] = Number.isInteger(n) ? n : -1; }
  }
  if (!s.sort) s.sort = "rank";
  return s;
}
function hashOf(s) {
  const d = defaults(), parts = [];
  if (s.view) parts.push("view=" + s.view);
  if (s.kinds.join(",") !== d.kinds.join(",")) parts.push("kinds=" + s.kinds.join(","));
  for (const k of ["minj", "minr"]) if (s[k]) parts.push(k + "=" + s[k]);
  if (s.sort !== d.sort) parts.push("sort=" + s.sort);
  if (s.page > 1) parts.push("page=" + s.page);
  for (const k of ["cluster", "story", "pair"]) if (s[k] >= 0) parts.push(k + "=" + s[k]);
  return parts.join("&");
}
function go(s) {
  const h = hashOf(s);
  if (location.hash.slice(1) !== h) location.hash = h; else render();
}
const patch = changes => { const s = readState(); s.view = ""; Object.assign(s, changes); go(s); };

const docs = data.docs;
const title = d => d.title || d.id;
function docCell(i) {
  const box = el("div");
  if (i < 0) return box;
  const d = docs[i];
  box.append(el("div", title(d)));
  if (d.title) box.append(el("div", d.id, "id"));
  return box;
}
function storyLink(i) { return link(data.stories[i].id, "story=" + i); }

function summary() {
  const sm = data.summary;
  const plural = (n, one, many) => n + " " + (n === 1 ? one : many);
  const removed = data.clusters.reduce((n, c) => n + c.removed.length, 0);
  const counts = o => Object.entries(o || {}).map(([k, n]) => n + " " + k).join(", ");
  const parts = [plural(sm.documents, "document", "documents"), sm.skipped + " skipped",
    plural(data.clusters.length, "removal cluster", "removal clusters") + (data.clusters.length ? " (" + counts(sm.clusters) + ") removing " + plural(removed, "document", "documents") : ""),
    plural(data.stories.length, "story", "stories"),
    plural(data.pairs.length, "pair", "pairs") + (data.pairs.length ? " (" + counts(sm.pairs) + ")" : "")];
  $("summary").textContent = parts.join(" · ");
}

// An expandable list of items (clusters, stories): first a few, then
// listStep at a time.
function itemList(box, items, head, body, key, first) {
  let shown = 0;
  const more = el("button", "", "more");
  const lis = [];
  const grow = n => {
    for (const end = Math.min(items.length, n); shown < end; shown++) {
      const i = shown, li = el("li");
      li.id = key + "-" + i;
      const h = el("div", undefined, "head");
      h.tabIndex = 0;
      h.append(...head(items[i], i));
      const toggle = () => patch({ [key]: readState()[key] === i ? -1 : i, pair: -1 });
      h.addEventListener("click", toggle);
      h.addEventListener("keydown", e => { if (e.key === "Enter") toggle(); });
      li.append(h);
      lis.push(li);
      box.append(li);
    }
    more.textContent = "show " + Math.min(listStep, items.length - shown) + " more (" + (items.length - shown) + " not shown)";
    more.hidden = shown >= items.length;
  };
  more.addEventListener("click", () => grow(shown + listStep));
  box.after(more);
  if (!items.length) box.append(el("li", "none", "muted"));
  grow(first);
  let open = -1;
  return i => { // open item i (-1: none); returns its element
    if (i >= items.length) i = -1;
    if (i >= shown) grow(i + 1);
    if (open === i) return i >= 0 ? lis[i] : null;
    if (open >= 0) { lis[open].classList.remove("open"); lis[open].querySelector(".body")?.remove(); }
    open = i;
    if (i < 0) return null;
    lis[i].classList.add("open");
    const b = el("div", undefined, "body");
    b.append(...body(items[i], i));
    lis[i].append(b);
    return lis[i];
  };
}

function clusterHead(c) {
  return [badge(c.kind), document.createTextNode("keep "), el("b", title(docs[c.keep])),
    el("span", " · removes " + c.removed.length + " document" + (c.removed.length === 1 ? "" : "s"), "muted")];
}
function clusterBody(c) {
  const out = [el("p", "Keeps:")];
  out[0].append(docCell(c.keep));
  const t = el("table"), head = el("tr");
  for (const h of ["removes", "kind", "Jaccard with the kept", ""]) head.append(el("th", h));
  t.append(head);
  for (const m of c.removed) {
    const tr = el("tr"), cmp = el("td");
    if (m.pair >= 0) cmp.append(link("compare side by side", "cluster=" + readState().cluster + "&pair=" + m.pair));
    const k = el("td"); k.append(badge(m.kind));
    const d = el("td"); d.append(docCell(m.doc));
    tr.append(d, k, el("td", fmt(m.similarity), "num"), cmp);
    t.append(tr);
  }
  out.push(t);
  if (c.kept_apart && c.kept_apart.length) {
    out.push(el("p", "Kept apart (duplicates of a removed member, not of the kept document):"));
    const ul = el("ul");
    for (const k of c.kept_apart) ul.append(el("li", title(docs[k.doc]) + " (" + docs[k.doc].id + "), " + k.kind + " " + fmt(k.similarity) + " with " + docs[k.via].id));
    out.push(ul);
  }
  return out;
}

function storyHead(st) {
  const terms = el("span", undefined, "terms");
  for (const t of st.terms) terms.append(el("span", t));
  return [el("span", st.id + " · " + st.members.length + " documents · ", "muted"), el("span", st.headline, "headline"), el("br"), terms,
    el("span", " cohesion " + fmt(st.cohesion), "muted")];
}
function storyBody(st, i) {
  const out = [el("h3", "Its documents")];
  const ul = el("ul", undefined, "members");
  for (const m of st.members) { const li = el("li"); li.append(docCell(m)); ul.append(li); }
  out.push(ul);
  if (st.pairs.length) {
    out.push(el("h3", "Pairs between them (" + st.pairs.length + ")"));
    const t = el("table");
    out.push(t);
    for (const k of st.pairs) {
      const q = data.pairs[k], tr = el("tr", undefined, "pair");
      const kc = el("td"); kc.append(badge(q.kind));
      const a = el("td"); a.append(docCell(q.a));
      const b = el("td"); b.append(docCell(q.b));
      tr.append(kc, a, b, el("td", q.kind === "related" ? "score " + fmt(q.score) : "Jaccard " + fmt(q.similarity), "num"));
      tr.tabIndex = 0;
      tr.addEventListener("click", () => patch({ story: i, pair: k }));
      t.append(tr);
    }
  }
  return out;
}

function filtered(s) {
  const out = [];
  data.pairs.forEach((q, i) => {
    if (!s.kinds.includes(q.kind)) return;
    if (s.minj > 0 && !((q.similarity || 0) >= s.minj)) return;
    if ((q.score || 0) < s.minr) return;
    out.push(i);
  });
  const strength = q => q.kind === "related" ? (q.score || 0) : (q.similarity || 0);
  const keys = {
    rank: (x, y) => kindOrder[x.kind] - kindOrder[y.kind] || strength(y) - strength(x),
    a: (x, y) => docs[x.a].id < docs[y.a].id ? -1 : docs[x.a].id > docs[y.a].id ? 1 : 0,
    b: (x, y) => docs[x.b].id < docs[y.b].id ? -1 : docs[x.b].id > docs[y.b].id ? 1 : 0,
    similarity: (x, y) => (y.similarity || 0) - (x.similarity || 0),
    score: (x, y) => (y.score || 0) - (x.score || 0),
  };
  const by = keys[s.sort] || keys.rank;
  out.sort((i, j) => by(data.pairs[i], data.pairs[j]) || i - j);
  return out;
}

function renderTable(s, rows) {
  for (const k of ["exact", "near", "related"]) $("k-" + k).checked = s.kinds.includes(k);
  $("minj").value = s.minj;
  $("minr").value = s.minr;
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const page = Math.min(s.page, pages);
  $("shown").textContent = rows.length + " of " + data.pairs.length + " pairs";
  const body = $("pairlist");
  body.replaceChildren();
  for (const i of rows.slice((page - 1) * pageSize, page * pageSize)) {
    const q = data.pairs[i];
    const tr = el("tr", undefined, "pair" + (i === s.pair ? " open" : ""));
    tr.dataset.index = i;
    tr.tabIndex = 0;
    const kc = el("td"); kc.append(badge(q.kind));
    const a = el("td"); a.append(docCell(q.a));
    const b = el("td"); b.append(docCell(q.b));
    const st = el("td");
    const sa = docs[q.a].story, sb = docs[q.b].story;
    if (sa >= 0 && sa === sb) st.append(storyLink(sa));
    tr.append(kc, a, b, el("td", fmt(q.similarity), "num"), el("td", fmt(q.score), "num"),
      el("td", q.similarity !== undefined || q.compared ? fmt(q.containment_ab || 0) : "", "num"),
      el("td", q.similarity !== undefined || q.compared ? fmt(q.containment_ba || 0) : "", "num"), st);
    const open = () => patch({ pair: i, story: -1, cluster: -1 });
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", e => { if (e.key === "Enter") open(); });
    body.append(tr);
  }
  const nav = $("pages");
  nav.replaceChildren();
  if (pages > 1) {
    const at = p => { const b = el("button", String(p)); b.disabled = p === page; b.addEventListener("click", () => patch({ page: p })); return b; };
    const shown = new Set([1, pages]);
    for (let p = Math.max(1, page - 3); p <= Math.min(pages, page + 3); p++) shown.add(p);
    let last = 0;
    for (const p of [...shown].sort((x, y) => x - y)) {
      if (p > last + 1) nav.append(el("span", "… "));
      nav.append(at(p));
      last = p;
    }
  }
}

// marked returns a <pre> of text with the given [start, end) ranges marked.
function marked(text, ranges) {
  const pre = el("pre");
  let at = 0;
  for (const [start, end] of ranges.slice().sort((x, y) => x[0] - y[0])) {
    if (start < at) continue;
    pre.append(document.createTextNode(text.slice(at, start)), el("mark", text.slice(start, end)));
    at = end;
  }
  pre.append(document.createTextNode(text.slice(at)));
  return pre;
}

const quote = s => /^[A-Za-z0-9_@%+=:,.\/-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'";

function detail(i, rows) {
  const box = $("detail");
  box.replaceChildren();
  box.hidden = !(i >= 0 && i < data.pairs.length);
  if (box.hidden) return;
  const q = data.pairs[i], a = docs[q.a], b = docs[q.b], th = data.params.related_threshold;
  const bar = el("div", undefined, "bar");
  const pos = rows.indexOf(i);
  const step = d => { const j = rows[pos + d]; if (j !== undefined) patch({ pair: j, page: Math.floor((pos + d) / pageSize) + 1 }); };
  const prev = el("button", "← previous (k)"), next = el("button", "next (j) →"), close = el("button", "close (Esc)");
  prev.disabled = pos <= 0; next.disabled = pos < 0 || pos >= rows.length - 1;
  prev.addEventListener("click", () => step(-1)); next.addEventListener("click", () => step(1));
  close.addEventListener("click", () => patch({ pair: -1 }));
  bar.append(prev, next, close);
  const h = el("h2");
  h.append(badge(q.kind), document.createTextNode(title(a) + "  ↔  " + title(b)));
  box.append(bar, h);

  const facts = [];
  if (q.similarity !== undefined || q.compared) {
    facts.push("Jaccard " + fmt(q.similarity || 0) + " (MinHash estimate " + fmt(q.estimate || 0) + ")");
    facts.push(pct(q.containment_ab || 0) + " of A's shingles are in B, " + pct(q.containment_ba || 0) + " of B's in A");
  }
  if (q.score !== undefined || q.kind === "related") facts.push("related score " + fmt(q.score || 0) + " (related at " + fmt(th) + ")");
  box.append(el("p", facts.join(" · ")));

  if (q.kind === "related") {
    const why = el("div", undefined, "whybox");
    why.append(el("h3", "Why related"));
    const overlap = q.compared && Math.max(q.containment_ab || 0, q.containment_ba || 0) >= 0.5;
    if (overlap) why.append(el("p", "They overlap: one holds at least half of the other's shingles (A in B " + pct(q.containment_ab || 0) + ", B in A " + pct(q.containment_ba || 0) + ")."));
    if ((q.score || 0) >= th) why.append(el("p", "They share distinctive names and terms outside any shared passage: the related score " + fmt(q.score) + " reaches " + fmt(th) + "."));
    if (q.why && q.why.length) {
      why.append(el("p", "Shared names and terms, heaviest first. A term's contribution is its weight in A times its weight in B; the score sums those outside shared passages (cosine with them: " + fmt(q.cosine || 0) + ").", "muted"));
      const t = el("table", undefined, "why"), hr = el("tr");
      for (const c of ["term", "contribution", "weight in A", "weight in B", ""]) hr.append(el("th", c));
      t.append(hr);
      for (const w of q.why) {
        const tr = el("tr");
        const notes = [w.name ? "name" : "", w.number ? "number" : "", w.passage ? "in a shared passage: not counted" : ""].filter(Boolean).join(", ");
        tr.append(el("td", w.term, w.name ? "headline" : ""), el("td", fmt(w.c), "num"), el("td", fmt(w.wa), "num"), el("td", fmt(w.wb), "num"), el("td", notes, "muted"));
        t.append(tr);
      }
      why.append(t);
    }
    box.append(why);
  }
  const sa = a.story, sb = b.story;
  if (sa >= 0 && sa === sb) {
    const p = el("p", "Both are in story ");
    p.append(storyLink(sa), document.createTextNode(": " + data.stories[sa].headline));
    box.append(p);
  }

  const side = el("div", undefined, "side");
  for (const [d, label] of [[a, "A"], [b, "B"]]) {
    const col = el("div");
    col.append(el("h3", label + ": " + title(d)), el("div", d.id + (d.truncated ? " (text cut at 100 KB)" : ""), "id"));
    side.append(col);
  }
  box.append(side);
  if (!a.has_text || !b.has_text) {
    box.append(el("p", "The texts of this pair are not in the report (it carries at most 4 MiB of text: copies first, then stories). This command shows every score, the shared terms and the shared passages:"));
    const cmd = data.command ? data.command + " " + quote(a.id) + " " + quote(b.id) : "neardup explain --in PATH " + quote(a.id) + " " + quote(b.id);
    box.append(el("code", cmd, "cmd"));
    return;
  }
  const marks = q.marks || [];
  box.append(el("p", marks.length + " shared passage" + (marks.length === 1 ? "" : "s") + " of 4 or more words, marked"));
  const texts = el("div", undefined, "side");
  texts.append(marked(a.text, marks.map(m => [m[0], m[1]])), marked(b.text, marks.map(m => [m[2], m[3]])));
  box.append(texts);
}

function skipped() {
  const box = $("skippedlist");
  if (!data.skipped.length) { box.append(el("p", "none", "muted")); return; }
  const ul = el("ul");
  for (const s of data.skipped) ul.append(el("li", s.id + ": " + s.reason));
  box.append(ul);
}

function controls() {
  const update = () => {
    const kinds = ["exact", "near", "related"].filter(k => $("k-" + k).checked);
    patch({ kinds, minj: parseFloat($("minj").value) || 0, minr: parseFloat($("minr").value) || 0, page: 1 });
  };
  for (const id of ["k-exact", "k-near", "k-related", "minj", "minr"]) $(id).addEventListener("change", update);
  for (const th of document.querySelectorAll("th[data-sort]")) th.addEventListener("click", () => patch({ sort: th.dataset.sort, page: 1 }));
  document.addEventListener("keydown", e => {
    if (e.target.tagName === "INPUT" || e.ctrlKey || e.metaKey || e.altKey) return;
    const s = readState();
    if (e.key === "Escape") {
      if (s.pair >= 0) patch({ pair: -1 }); else patch({ story: -1, cluster: -1 });
      return;
    }
    if (e.key !== "j" && e.key !== "k") return;
    // Next or previous pair: within the open story, else in the table's order.
    const rows = s.story >= 0 && s.story < data.stories.length ? data.stories[s.story].pairs : filtered(s);
    if (!rows.length) return;
    let pos = rows.indexOf(s.pair);
    pos = pos < 0 ? (e.key === "j" ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, pos + (e.key === "j" ? 1 : -1)));
    const changes = { pair: rows[pos] };
    if (s.story < 0) changes.page = Math.floor(pos / pageSize) + 1;
    patch(changes);
  });
}

let openCluster, openStory, last = {};
function render() {
  const s = readState();
  const rows = filtered(s);
  renderTable(s, rows);
  const c = openCluster(s.cluster), st = openStory(s.story);
  detail(s.pair, s.story >= 0 && s.story < data.stories.length ? data.stories[s.story].pairs : rows);
  // Bring what just opened into view.
  let target = null;
  if (s.pair >= 0 && s.pair !== last.pair) target = $("detail");
  else if (s.story >= 0 && s.story !== last.story) target = st;
  else if (s.cluster >= 0 && s.cluster !== last.cluster) target = c;
  else if (s.view && s.view !== last.view) target = $(s.view);
  if (target) target.scrollIntoView({ block: "start" });
  last = s;
}

summary();
openCluster = itemList($("clusters"), data.clusters, clusterHead, clusterBody, "cluster", 10);
openStory = itemList($("storylist"), data.stories, storyHead, storyBody, "story", 25);
skipped();
controls();
window.addEventListener("hashchange", render);
render();
document.body.dataset.ready = String(Math.round(performance.now()));
