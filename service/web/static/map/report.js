// The cluster report: per cluster its name, size and audience, top topics, hubs, bridges in and
// out and neighbouring clusters, from the JSON API. Printable (see report.html's print styles).
"use strict";

const el = (tag, text) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; };
const count = (n) => new Intl.NumberFormat("en").format(n);

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

function clusterSection(c, nameOf) {
  const section = el("section");
  section.className = "cluster";
  section.dataset.cluster = String(c.cluster);
  const heading = el("h2", c.name || `Cluster ${c.cluster}`);
  const id = el("span", ` cluster ${c.cluster}${c.name_source === "custom" ? ", named by a person" : c.name_source === "hubs" ? ", named after its hubs" : c.name_source === "topics" ? ", named after its most distinctive topics" : ""}`);
  id.className = "muted";
  heading.append(id);
  section.append(heading);
  const facts = el("div");
  facts.className = "facts";
  facts.append(el("span", `${count(c.size)} creators`), el("span", `unique audience ${count(c.unique_audience)}`),
    el("span", `total audience ${count(c.total_audience)}`), el("span", `internal density ${c.internal_density.toFixed(2)}`),
    el("span", `topics: ${c.top_topics.join(", ") || "none"}`));
  const name = (id) => (c.handles[id] || id);
  const cols = el("div");
  cols.className = "cols";
  cols.append(
    column("Hubs", list("ol", c.hubs, name)),
    column("Bridges out", list("ol", c.bridges_out, (b) => `${b.handle || b.id} (${b.bridge_score.toFixed(2)})`)),
    column("Bridges in", list("ol", c.bridges_in, (b) => `${b.handle || b.id}, from ${nameOf(b.cluster)} (${b.bridge_score.toFixed(2)})`)),
    column("Neighbouring clusters", list("ul", c.neighbours, (n) => `${nameOf(n.cluster)}: ${count(n.shared)} shared`)),
  );
  section.append(facts, cols);
  return section;
}

async function main() {
  const get = async (path) => { const r = await fetch(path); if (!r.ok) throw new Error(`${path}: ${r.status}`); return r.json(); };
  const { items } = await get("/clusters?limit=500");
  const names = new Map(items.map((c) => [c.cluster, c.name]));
  const nameOf = (cluster) => names.get(cluster) || `cluster ${cluster}`;
  const details = await Promise.all(items.map((c) => get(`/clusters/${c.cluster}?limit=500`)));
  const box = document.getElementById("clusters");
  for (const c of details) {
    c.handles = Object.fromEntries(c.members.items.map((m) => [m.id, m.handle || m.id]));
    box.append(clusterSection(c, nameOf));
  }
  document.getElementById("report-status").textContent = `${details.length} clusters`;
  document.body.dataset.ready = "true";
}

main().catch((error) => { document.getElementById("report-status").textContent = `Could not load the report: ${error.message}`; });
