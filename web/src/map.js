// The influence map: creators as dots sized by followers and coloured by cluster, lines as thick
// as the shared audience, bridges ringed and labelled. Data comes from the JSON API only.
import { createNodeBorderProgram } from "@sigma/node-border";
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import Sigma from "sigma";

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
  "#e377c2", "#7f7f7f", "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"];
const TIERS = { nano: [0, 5000], micro: [5000, 100000], mid: [100000, 500000],
  macro: [500000, 1000000], mega: [1000000, Infinity] };

const BRIDGE_PROGRAM = createNodeBorderProgram({
  borders: [{ size: { value: 0.3 }, color: { value: "#000000" } }, { size: { fill: true }, color: { attribute: "color" } }],
});

const state = { graph: null, renderer: null, basket: new Map(), selected: null, data: null, simulations: 0 };
const $ = (id) => document.getElementById(id);

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
  return body;
}

function colourOf(cluster) {
  return cluster === null || cluster === undefined ? "#999999" : PALETTE[cluster % PALETTE.length];
}

// A seeded pseudo-random generator keeps the starting layout (and so the map) the same each load.
function seeded(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
}

function buildGraph(data) {
  const graph = new Graph({ type: "undirected", multi: false });
  const random = seeded(42);
  const bridgeCut = bridgeThreshold(data.nodes);
  const maxFollowers = Math.max(1, ...data.nodes.map((n) => n.followers || 0));
  for (const node of data.nodes) {
    const isBridge = (node.bridge_score || 0) >= bridgeCut && bridgeCut > 0;
    graph.addNode(node.id, {
      ...node, label: node.handle || node.id, x: random(), y: random(),
      size: 3 + 12 * Math.sqrt((node.followers || 0) / maxFollowers),
      color: colourOf(node.cluster), isBridge, forceLabel: isBridge, type: isBridge ? "bridge" : "circle",
    });
  }
  const maxShared = Math.max(1, ...data.edges.map((e) => e.shared || 1));
  for (const edge of data.edges) {
    if (graph.hasNode(edge.source) && graph.hasNode(edge.target) && !graph.hasEdge(edge.source, edge.target)) {
      graph.addEdge(edge.source, edge.target, {
        shared: edge.shared, lift: edge.lift, size: 0.5 + 4 * (edge.shared || 1) / maxShared, color: "#cccccc",
      });
    }
  }
  forceAtlas2.assign(graph, { iterations: 150, settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 500 } });
  return graph;
}

// Bridges: the top 5% by bridge_score (at least one creator when any scores exist).
function bridgeThreshold(nodes) {
  const scores = nodes.map((n) => n.bridge_score || 0).filter((s) => s > 0).sort((a, b) => b - a);
  if (!scores.length) return 0;
  return scores[Math.max(0, Math.ceil(scores.length * 0.05) - 1)];
}

function visible(attrs, filters) {
  const [low, high] = filters.tier ? TIERS[filters.tier] : [0, Infinity];
  const followers = attrs.followers || 0;
  if (followers < low || followers >= high) return false;
  if (filters.cluster !== "" && String(attrs.cluster) !== filters.cluster) return false;
  if (filters.topicIds && !filters.topicIds.has(attrs.id)) return false;
  if (filters.flaggedOnly && !attrs.flagged) return false;
  if (filters.changedIds && !filters.changedIds.has(attrs.id)) return false;
  return true;
}

function currentFilters() {
  return { tier: $("tier").value, cluster: $("cluster").value, minShared: Number($("min-shared").value),
    topicIds: state.topicIds || null, flaggedOnly: $("flagged-only").checked,
    changedIds: $("since-last-run").checked ? state.changedIds || new Set() : null };
}

function applyFilters() {
  const filters = currentFilters();
  const { graph, renderer } = state;
  renderer.setSetting("nodeReducer", (node, attrs) => {
    const shown = visible(attrs, filters);
    const picked = state.basket.has(node) || state.selected === node;
    return { ...attrs, hidden: !shown, highlighted: picked };
  });
  renderer.setSetting("edgeReducer", (edge, attrs) => {
    const [source, target] = graph.extremities(edge);
    const hide = (attrs.shared || 0) < filters.minShared
      || !visible(graph.getNodeAttributes(source), filters) || !visible(graph.getNodeAttributes(target), filters);
    return { ...attrs, hidden: hide };
  });
  renderer.refresh();
}

// "Since last run": only the creators that emerged, waned or became top bridges since the
// previous analysis run (GET /changes?since=previous), with a count in the status line.
async function loadChanges() {
  if (!$("since-last-run").checked) { applyFilters(); return; }
  try {
    const changes = await api("/changes?since=previous");
    state.changedIds = new Set([...changes.emerging, ...changes.waning, ...changes.new_bridges].map((c) => c.id));
    $("status").textContent = `Since run ${changes.since.id.slice(0, 8)}: ${changes.emerging.length} emerging, `
      + `${changes.waning.length} waning, ${changes.new_bridges.length} new bridges, ${changes.clusters.length} clusters changed`;
  } catch (error) {
    state.changedIds = new Set();
    $("status").textContent = `No change view: ${error.message}`;
  }
  applyFilters();
}

async function loadTopicFilter() {
  const topic = $("topic").value.trim();
  if (!topic) { state.topicIds = null; applyFilters(); return; }
  const body = await api(`/creators?topic=${encodeURIComponent(topic)}&limit=500`);
  state.topicIds = new Set(body.items.map((c) => c.id));
  applyFilters();
}

function fillClusterSelect(nodes) {
  const clusters = [...new Set(nodes.map((n) => n.cluster).filter((c) => c !== null && c !== undefined))].sort((a, b) => a - b);
  for (const cluster of clusters) {
    const option = document.createElement("option");
    option.value = String(cluster);
    option.textContent = `Cluster ${cluster}`;
    $("cluster").append(option);
  }
}

function row(label, value) {
  const tr = document.createElement("tr");
  const th = document.createElement("th");
  const td = document.createElement("td");
  th.textContent = label;
  td.textContent = value === null || value === undefined ? "–" : String(value);
  tr.append(th, td);
  return tr;
}

const fmt = (x, digits = 3) => (typeof x === "number" ? Number(x.toFixed(digits)) : x);

async function openPanel(id) {
  state.selected = id;
  const panel = $("panel");
  delete panel.dataset.loaded;
  panel.hidden = false;
  $("panel-handle").textContent = state.graph.getNodeAttribute(id, "label");
  const [creator, overlaps] = await Promise.all([api(`/creators/${encodeURIComponent(id)}`),
    api(`/creators/${encodeURIComponent(id)}/overlap?limit=5`)]);
  $("panel-handle").textContent = creator.handle || creator.id;
  const profile = $("panel-profile");
  profile.replaceChildren(row("Platform", creator.platform), row("Followers", creator.followers),
    row("Tier", creator.tier), row("Engagement", fmt(creator.engagement_rate)), row("Cluster", creator.cluster),
    row("Hub score", fmt(creator.hub_score)), row("Bridge score", fmt(creator.bridge_score)));
  const components = $("panel-bridge");
  components.replaceChildren(...Object.entries(creator)
    .filter(([key]) => key.startsWith("bridge_") && key !== "bridge_score")
    .map(([key, value]) => row(key.replace("bridge_", "").replaceAll("_", " "), fmt(value))));
  for (const key of ["participation", "betweenness", "constraint"]) {
    if (key in creator) components.append(row(key, fmt(creator[key])));
  }
  const list = $("panel-overlaps");
  list.replaceChildren(...overlaps.items.map((o) => {
    const li = document.createElement("li");
    li.textContent = `${o.handle || o.id}: ${o.shared} shared (lift ${fmt(o.lift, 2)})`;
    return li;
  }));
  showFlags(creator);
  $("add-to-campaign").dataset.id = id;
  panel.dataset.loaded = id;
  panel.focus();
  applyFilters();
}

// The authenticity badge: the flags' reasons from the stored assessment (GET /creators/{id}
// returns every property, `authenticity` included); hidden when not flagged or never assessed.
function showFlags(creator) {
  const badge = $("panel-flags");
  badge.hidden = !creator.flagged;
  if (!creator.flagged) return;
  const reasons = creator.authenticity ? JSON.parse(creator.authenticity).reasons.map((r) => r.message) : [];
  badge.textContent = `Flagged (${(creator.flags || []).join(", ")})${reasons.length ? ": " + reasons.join("; ") : ""}`;
  badge.dataset.flags = (creator.flags || []).join(",");
}

function renderBasket() {
  const list = $("basket-list");
  list.replaceChildren(...[...state.basket.entries()].map(([id, handle]) => {
    const li = document.createElement("li");
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "remove";
    remove.setAttribute("aria-label", `remove ${handle}`);
    remove.addEventListener("click", () => { state.basket.delete(id); renderBasket(); simulate(); });
    li.append(`${handle} `, remove);
    return li;
  }));
  applyFilters();
}

async function simulate() {
  const out = $("simulation");
  // Answers can arrive out of order when the basket changes quickly: only the latest one counts.
  const asked = ++state.simulations;
  if (!state.basket.size) { out.hidden = true; return; }
  const result = await api("/campaigns/simulate", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ creator_ids: [...state.basket.keys()] }) });
  if (asked !== state.simulations) return;
  out.dataset.creators = String(result.creator_ids.length);
  out.hidden = false;
  $("unique-reach").textContent = String(result.unique_reach);
  $("impressions").textContent = String(result.impressions);
  $("effective-reach").textContent = String(result.effective_reach);
  const chart = $("frequency-chart");
  const entries = Object.entries(result.frequency);
  const top = Math.max(1, ...entries.map(([, people]) => people));
  chart.replaceChildren(...entries.map(([times, people]) => {
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.style.height = `${Math.round(80 * people / top) + 2}px`;
    bar.title = `${people} people reached ${times} times`;
    const label = document.createElement("span");
    label.textContent = times;
    const wrap = document.createElement("div");
    wrap.className = "bar-wrap";
    wrap.append(bar, label);
    return wrap;
  }));
  const clusters = $("clusters-covered");
  clusters.replaceChildren(...(result.clusters || []).map((c) => {
    const li = document.createElement("li");
    li.textContent = `Cluster ${c.cluster}: ${c.reach} reached`;
    return li;
  }));
}

function search(text) {
  const needle = text.trim().toLowerCase();
  if (!needle) return;
  const match = state.graph.findNode((node, attrs) => (attrs.label || "").toLowerCase().startsWith(needle));
  if (!match) { $("status").textContent = `No creator starts with "${text}"`; return; }
  const position = state.renderer.getNodeDisplayData(match);
  state.renderer.getCamera().animate({ x: position.x, y: position.y, ratio: 0.3 }, { duration: 400 });
  openPanel(match);
}

async function main() {
  const data = await api("/export/graph?format=json&top_edges=5");
  state.data = data;
  state.graph = buildGraph(data);
  state.renderer = new Sigma(state.graph, $("graph"), {
    renderEdgeLabels: false, labelRenderedSizeThreshold: 8,
    // Bridges wear a black ring around their cluster colour.
    nodeProgramClasses: { bridge: BRIDGE_PROGRAM },
  });
  const total = data.total_edges ?? data.edges.length;
  $("status").textContent = `${data.nodes.length} creators, ${state.graph.size} links drawn`
    + (total > state.graph.size ? ` (${total - state.graph.size} weaker links hidden)` : " (each creator's 5 strongest links)");
  fillClusterSelect(data.nodes);
  state.renderer.on("clickNode", ({ node }) => openPanel(node));
  for (const id of ["tier", "cluster", "min-shared", "flagged-only"]) $(id).addEventListener("input", applyFilters);
  $("topic").addEventListener("change", loadTopicFilter);
  $("since-last-run").addEventListener("change", loadChanges);
  $("search-form").addEventListener("submit", (event) => { event.preventDefault(); search($("search").value); });
  $("add-to-campaign").addEventListener("click", (event) => {
    const id = event.currentTarget.dataset.id;
    state.basket.set(id, state.graph.getNodeAttribute(id, "label"));
    renderBasket();
    simulate().catch((error) => { $("status").textContent = error.message; });
  });
  $("close-panel").addEventListener("click", () => { $("panel").hidden = true; state.selected = null; applyFilters(); });
  applyFilters();
  // Browser tests (and curious users in the console) find nodes on screen through this.
  window.influenceMap = { graph: state.graph, renderer: state.renderer, basket: state.basket };
  document.body.dataset.ready = "true";
}

main().catch((error) => { $("status").textContent = `Could not load the map: ${error.message}`; });
