// The cluster report: per cluster its size and audience, top topics, hubs, bridges in and out
// and neighbouring clusters, from the JSON API. Printable (see report.html's print styles).
"use strict";

const el = (tag, text) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; };

function list(tag, items, render) {
  const out = el(tag);
  for (const item of items) out.append(el("li", render(item)));
  if (!items.length) out.append(el("li", "none"));
  return out;
}

function column(title, content) {
  const div = el("div");
  div.append(el("h3", title), content);
  return div;
}

function clusterSection(c) {
  const section = el("section");
  section.className = "cluster";
  section.dataset.cluster = String(c.cluster);
  section.append(el("h2", `Cluster ${c.cluster}`));
  const facts = el("div");
  facts.className = "facts";
  facts.append(el("span", `${c.size} creators`), el("span", `unique audience ${c.unique_audience}`),
    el("span", `total audience ${c.total_audience}`), el("span", `internal density ${c.internal_density.toFixed(2)}`),
    el("span", `topics: ${c.top_topics.join(", ") || "none"}`));
  const name = (id) => (c.names[id] || id);
  const cols = el("div");
  cols.className = "cols";
  cols.append(
    column("Hubs", list("ol", c.hubs, name)),
    column("Bridges out", list("ol", c.bridges_out, (b) => `${b.handle || b.id} (${b.bridge_score.toFixed(2)})`)),
    column("Bridges in", list("ol", c.bridges_in, (b) => `${b.handle || b.id}, cluster ${b.cluster} (${b.bridge_score.toFixed(2)})`)),
    column("Neighbouring clusters", list("ul", c.neighbours, (n) => `cluster ${n.cluster}: ${n.shared} shared`)),
  );
  section.append(facts, cols);
  return section;
}

async function main() {
  const get = async (path) => { const r = await fetch(path); if (!r.ok) throw new Error(`${path}: ${r.status}`); return r.json(); };
  const { items } = await get("/clusters?limit=50");
  const details = await Promise.all(items.map((c) => get(`/clusters/${c.cluster}?limit=500`)));
  const box = document.getElementById("clusters");
  for (const c of details) {
    c.names = Object.fromEntries(c.members.items.map((m) => [m.id, m.handle || m.id]));
    box.append(clusterSection(c));
  }
  document.getElementById("report-status").textContent = `${details.length} clusters`;
  document.body.dataset.ready = "true";
}

main().catch((error) => { document.getElementById("report-status").textContent = `Could not load the report: ${error.message}`; });
