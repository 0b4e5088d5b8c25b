// The influence map: creators as dots sized by followers and coloured by cluster, lines as thick
// as the shared audience, bridges ringed. Filters, search, a creator panel that explains its
// numbers, a campaign basket that lasts across reloads, and a "since last run" diff view. Data
// comes from the JSON API only; the state lives in the URL (filters, selection) and the basket in
// localStorage.
import { createNodeBorderProgram } from "@sigma/node-border";
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2_DEFAULTS from "graphology-layout-forceatlas2/defaults.js";
import { assignLayoutChanges, graphToByteArrays } from "graphology-layout-forceatlas2/helpers.js";
import Sigma from "sigma";

import { compact, count, csv, decimal, download, el, normalise, percent, term } from "./format.js";
import { createLabeller } from "./labels.js";

const started = performance.now();
// Distinct colours for the largest clusters; smaller ones share OTHER_COLOUR (the legend says so).
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
  "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#aec7e8", "#ff9896", "#98df8a",
  "#c5b0d5", "#ffbb78", "#9edae5", "#c49c94", "#f7b6d2", "#dbdb8d"];
const OTHER_COLOUR = "#a0a0a0";
const TIERS = { nano: [0, 5000], micro: [5000, 100000], mid: [100000, 500000],
  macro: [500000, 1000000], mega: [1000000, Infinity] };
const RING = { bridge: "#000000", selected: "#d35400", basket: "#6a1b9a" };
// "Since last run": each kind of change, its colour and words (first match wins for a creator).
const CHANGES = [
  ["new", "#1a9850", "new since the last run"],
  ["new_bridge", "#000000", "now a top-10 bridge"],
  ["moved", "#2166ac", "moved to another cluster"],
  ["emerging", "#f46d43", "emerging: scores rising"],
  ["waning", "#762a83", "waning: scores falling"],
];
const UNCHANGED = "#dddddd";
const FLAG_WORDS = {
  engagement_pod: "Engagement pod", mass_followers: "Mass followers", burst_followers: "Bought followers (bursts)",
  engagement_outlier: "Unusual engagement rate", shared_bot_farm: "Shares a bot farm",
};
const COMPONENT_WORDS = {
  bridge_clusters_audience: "Clusters reached by shared audience",
  bridge_clusters_mentions: "Clusters reached by mentions",
  participation: "Spread of links over clusters",
  betweenness: "Shortcuts through it",
  constraint: "Independence of its contacts",
};
const BASKET_KEY = "influence-map:basket";
const LIST_LIMIT = 150;
const LEGEND_CAP = 8;

const RINGED = createNodeBorderProgram({
  borders: [
    { size: { attribute: "ringSize", defaultValue: 0 }, color: { attribute: "ringColor", defaultValue: "#000000" } },
    { size: { fill: true }, color: { attribute: "color" } },
  ],
});

const state = {
  graph: null, renderer: null, labeller: null, data: null, clusters: new Map(), colours: new Map(),
  basket: new Map(), selected: null, simulations: 0, topics: [], visible: [], changes: null,
  runs: [], panelFor: null, pendingFlagged: null, byId: new Map(),
};
const $ = (id) => document.getElementById(id);

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json();
  if (!response.ok) {
    const error = new Error(body.error ? body.error.message : response.statusText);
    error.status = response.status;
    error.code = body.error ? body.error.code : null;
    throw error;
  }
  return body;
}

function say(message) { $("status").textContent = message; }

// A seeded pseudo-random generator keeps the starting layout (and so the map) the same each load.
function seeded(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
}

// ---------------------------------------------------------------- graph and layout

function clusterTable(nodes) {
  const table = new Map();
  for (const node of nodes) {
    if (node.cluster === null || node.cluster === undefined) continue;
    const entry = table.get(node.cluster) || { id: node.cluster, name: node.cluster_name || `Cluster ${node.cluster}`, size: 0 };
    entry.size += 1;
    table.set(node.cluster, entry);
  }
  const ordered = [...table.values()].sort((a, b) => b.size - a.size || a.id - b.id);
  ordered.forEach((entry, index) => { entry.colour = index < PALETTE.length ? PALETTE[index] : OTHER_COLOUR; });
  return new Map(ordered.map((entry) => [entry.id, entry]));
}

const colourOf = (cluster) => (state.clusters.get(cluster) || { colour: OTHER_COLOUR }).colour;
const clusterName = (cluster) => (cluster === null || cluster === undefined ? "no cluster"
  : (state.clusters.get(cluster) || { name: `Cluster ${cluster}` }).name);

function buildGraph(data) {
  const graph = new Graph({ type: "undirected", multi: false });
  const random = seeded(42);
  const bridgeCut = bridgeThreshold(data.nodes);
  const maxFollowers = Math.max(1, ...data.nodes.map((n) => n.followers || 0));
  const large = data.nodes.length > 2000;
  // Clusters start around their own centre (largest in the middle), so the layout settles fast.
  const centres = new Map();
  [...state.clusters.values()].forEach((entry, index) => {
    const angle = index * 2.39996;
    const radius = Math.sqrt(index) * 1.2;
    centres.set(entry.id, { x: radius * Math.cos(angle), y: radius * Math.sin(angle), spread: 0.25 + Math.sqrt(entry.size) / 40 });
  });
  for (const node of data.nodes) {
    const isBridge = (node.bridge_score || 0) >= bridgeCut && bridgeCut > 0;
    const centre = centres.get(node.cluster) || { x: (random() - 0.5) * 8, y: (random() - 0.5) * 8, spread: 1 };
    const angle = random() * 2 * Math.PI;
    const distance = centre.spread * Math.sqrt(random());
    graph.addNode(node.id, {
      ...node, label: node.handle || node.id,
      x: centre.x + distance * Math.cos(angle), y: centre.y + distance * Math.sin(angle),
      size: (large ? 1.5 : 3) + (large ? 8 : 12) * Math.sqrt((node.followers || 0) / maxFollowers),
      color: colourOf(node.cluster), isBridge,
    });
    state.byId.set(node.id, node);
  }
  const maxShared = Math.max(1, ...data.edges.map((e) => e.shared || 1));
  for (const edge of data.edges) {
    if (graph.hasNode(edge.source) && graph.hasNode(edge.target) && !graph.hasEdge(edge.source, edge.target)) {
      graph.addEdge(edge.source, edge.target, {
        shared: edge.shared, lift: edge.lift, size: 0.4 + 3 * (edge.shared || 1) / maxShared, color: "#cfcfcf",
      });
    }
  }
  return graph;
}

// Up to SYNC_LAYOUT creators the layout runs before the first draw (about a second);
// larger maps draw at once from their clustered start and settle in a web worker while the page
// is already usable, for LAYOUT_ITERATIONS iterations or LAYOUT_SECONDS, whichever comes first.
const SYNC_LAYOUT = 1000;
const LAYOUT_ITERATIONS = 150;
const LAYOUT_SECONDS = 90;

function layoutSettings(graph) {
  return { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 500, adjustSizes: false };
}

function layoutNow(graph) {
  forceAtlas2.assign(graph, { iterations: LAYOUT_ITERATIONS, settings: layoutSettings(graph) });
}

function layoutInBackground(graph) {
  return new Promise((resolve) => {
    const worker = new Worker("/static/map/layout-worker.js");
    const matrices = graphToByteArrays(graph, () => 1);
    let done = 0;
    const finish = () => { worker.terminate(); resolve(done); };
    const timer = setTimeout(finish, LAYOUT_SECONDS * 1000);
    worker.addEventListener("message", (event) => {
      done = event.data.done;
      assignLayoutChanges(graph, new Float32Array(event.data.nodes), null);
      if (done >= LAYOUT_ITERATIONS) { clearTimeout(timer); finish(); }
    });
    worker.addEventListener("error", () => { clearTimeout(timer); finish(); });
    worker.postMessage({
      nodes: matrices.nodes.buffer, edges: matrices.edges.buffer, iterations: LAYOUT_ITERATIONS,
      chunk: 10, settings: { ...FA2_DEFAULTS, ...layoutSettings(graph) },
    }, [matrices.nodes.buffer, matrices.edges.buffer]);
  });
}

// Bridges: the top 5% by bridge_score (at least one creator when any scores exist).
function bridgeThreshold(nodes) {
  const scores = nodes.map((n) => n.bridge_score || 0).filter((s) => s > 0).sort((a, b) => b - a);
  if (!scores.length) return 0;
  return scores[Math.max(0, Math.ceil(scores.length * 0.05) - 1)];
}

// Who gets a label first: the selection and the basket, bridges (best first), hubs, the most followed.
function labelPriority() {
  const diff = $("since-last-run").checked && state.changes;
  const rank = (id, a) => {
    if (id === state.selected) return 0;
    if (state.basket.has(id)) return 1;
    if (diff) return changeOf(id) ? 2 : 5;
    if (a.isBridge) return 2;
    if (a.is_hub) return 3;
    return 4;
  };
  const nodes = state.graph.mapNodes((id, a) => [id, rank(id, a), a.isBridge ? -(a.bridge_score || 0) : -(a.followers || 0)]);
  nodes.sort((p, q) => p[1] - q[1] || p[2] - q[2] || (p[0] < q[0] ? -1 : 1));
  state.labeller.setPriority(nodes.map((n) => n[0]));
}

// ---------------------------------------------------------------- filters, URL and list

function filters() {
  const topic = normalise($("topic").value);
  return {
    tier: $("tier").value, cluster: $("cluster").value, topic,
    minShared: Number($("min-shared").value), flaggedOnly: $("flagged-only").checked,
    since: $("since-last-run").checked,
  };
}

function visible(attrs, f) {
  const [low, high] = f.tier ? TIERS[f.tier] : [0, Infinity];
  const followers = attrs.followers || 0;
  if (followers < low || followers >= high) return false;
  if (f.cluster !== "" && String(attrs.cluster) !== f.cluster) return false;
  if (f.topic && !(attrs.topics || []).some((t) => t.toLowerCase().includes(f.topic))) return false;
  if (f.flaggedOnly && !attrs.flagged) return false;
  return true;
}

function changeOf(id) {
  return state.changes ? state.changes.kind.get(id) || null : null;
}

function applyFilters({ recentre = false } = {}) {
  const f = filters();
  const { graph, renderer } = state;
  const shown = new Set(graph.filterNodes((node, attrs) => visible(attrs, f)));
  state.visible = [...shown];
  renderer.setSetting("nodeReducer", (node, attrs) => {
    const out = { ...attrs, hidden: !shown.has(node), forceLabel: true, type: "ringed", ringSize: 0 };
    if (f.since && state.changes) {
      const kind = changeOf(node);
      out.color = kind ? CHANGES.find((c) => c[0] === kind)[1] : UNCHANGED;
      if (kind) Object.assign(out, { size: Math.max(attrs.size, 5), zIndex: 1 });
    }
    if (node === state.selected) Object.assign(out, { ringSize: 0.4, ringColor: RING.selected, zIndex: 2 });
    else if (state.basket.has(node)) Object.assign(out, { ringSize: 0.4, ringColor: RING.basket, zIndex: 2 });
    else if (attrs.isBridge) Object.assign(out, { ringSize: 0.3, ringColor: RING.bridge, zIndex: 1 });
    return out;
  });
  renderer.setSetting("edgeReducer", (edge, attrs) => {
    const [source, target] = graph.extremities(edge);
    return { ...attrs, hidden: (attrs.shared || 0) < f.minShared || !shown.has(source) || !shown.has(target) };
  });
  labelPriority();
  renderer.refresh();
  const total = graph.order;
  $("count").textContent = shown.size === total ? `${count(total)} creators` : `${count(shown.size)} of ${count(total)} creators shown`;
  if (!shown.size) say("No creator matches these filters: loosen one, or Reset.");
  renderList();
  writeUrl();
  if (recentre && shown.size) fitTo(state.visible);
}

// Move the camera so that the given creators fill the view.
function fitTo(ids, duration = 300) {
  const { renderer } = state;
  let minX = Infinity; let minY = Infinity; let maxX = -Infinity; let maxY = -Infinity;
  for (const id of ids) {
    const d = renderer.getNodeDisplayData(id);
    if (!d) continue;
    minX = Math.min(minX, d.x); maxX = Math.max(maxX, d.x); minY = Math.min(minY, d.y); maxY = Math.max(maxY, d.y);
  }
  if (minX === Infinity) return;
  const ratio = Math.min(1.2, Math.max(0.06, 1.25 * Math.max(maxX - minX, maxY - minY)));
  renderer.getCamera().animate({ x: (minX + maxX) / 2, y: (minY + maxY) / 2, ratio, angle: 0 }, { duration });
}

function renderList() {
  // Most followed first; in the "since last run" view, the creators that changed come first.
  const changed = (id) => (state.changes && $("since-last-run").checked && changeOf(id) ? 1 : 0);
  const ids = [...state.visible].sort((a, b) => changed(b) - changed(a)
    || (state.graph.getNodeAttribute(b, "followers") || 0) - (state.graph.getNodeAttribute(a, "followers") || 0));
  const list = $("creator-list");
  list.replaceChildren(...ids.slice(0, LIST_LIMIT).map((id) => {
    const a = state.graph.getNodeAttributes(id);
    return el("li", {},
      el("button", { type: "button", class: "link", "data-id": id, onclick: () => openPanel(id) },
        el("span", { class: "swatch", style: `background:${a.color}`, "aria-hidden": "true" }),
        `${a.label}`),
      el("span", { class: "muted" }, ` ${compact(a.followers)} followers${a.flagged ? " · flagged" : ""}${changed(id) ? ` · ${CHANGES.find((c) => c[0] === changeOf(id))[2]}` : ""}`));
  }));
  $("list-note").textContent = ids.length > LIST_LIMIT
    ? `The ${LIST_LIMIT} most followed of ${count(ids.length)} shown; filter to see others.` : `${count(ids.length)} shown.`;
}

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  const set = (id, key) => { if (params.has(key)) $(id).value = params.get(key); };
  set("tier", "tier");
  set("cluster", "cluster");
  set("topic", "topic");
  set("min-shared", "min_shared");
  $("flagged-only").checked = params.get("flagged") === "1";
  return { creator: params.get("creator"), since: params.get("since") === "1" };
}

function writeUrl() {
  const params = new URLSearchParams();
  const f = filters();
  if (f.tier) params.set("tier", f.tier);
  if (f.cluster !== "") params.set("cluster", f.cluster);
  if ($("topic").value.trim()) params.set("topic", $("topic").value.trim());
  if (f.minShared) params.set("min_shared", String(f.minShared));
  if (f.flaggedOnly) params.set("flagged", "1");
  if (f.since) params.set("since", "1");
  if (state.selected) params.set("creator", state.selected);
  const query = params.toString();
  window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
}

function resetFilters() {
  $("tier").value = ""; $("cluster").value = ""; $("topic").value = ""; $("min-shared").value = "0";
  $("flagged-only").checked = false;
  if ($("since-last-run").checked) { $("since-last-run").checked = false; showChanges(); }
  applyFilters({ recentre: true });
  say("Filters reset.");
}

function exportShown() {
  const rows = state.visible.map((id) => {
    const a = state.graph.getNodeAttributes(id);
    return { ...a, cluster_name: clusterName(a.cluster), topics: a.topics || [] };
  });
  download("creators.csv", csv(rows, ["id", "handle", "name", "followers", "cluster", "cluster_name", "bridge_score",
    "bridge_rank", "hub_score", "topics", "flagged"]), "text/csv");
  say(`Exported ${count(rows.length)} creators to creators.csv.`);
}

// ---------------------------------------------------------------- legend

function renderLegend() {
  const legend = $("legend-items");
  if ($("since-last-run").checked && state.changes) {
    const counts = state.changes.counts;
    legend.replaceChildren(
      ...CHANGES.map(([kind, colour, words]) => el("li", { "data-change": kind },
        el("span", { class: "swatch", style: `background:${colour}` }), `${count(counts[kind] || 0)} ${words}`)),
      el("li", {}, el("span", { class: "swatch", style: `background:${UNCHANGED}` }), "unchanged"),
      el("li", { "data-change": "gone" }, `${count(counts.gone || 0)} gone since the last run (not on the map)`));
    return;
  }
  const entries = [...state.clusters.values()];
  // Names that say something (a person's, or distinctive topics) before names made of hubs.
  const small = Math.max(3, 0.005 * state.graph.order);
  const telling = (e) => ((e.source === "custom" || e.source === "topics") && e.size >= small ? 0 : 1);
  const named = entries.filter((e) => e.colour !== OTHER_COLOUR).sort((a, b) => telling(a) - telling(b) || b.size - a.size || a.id - b.id);
  const others = entries.length - named.length;
  const shownAll = legend.dataset.all === "true";
  const cap = shownAll ? named.length : LEGEND_CAP;
  const more = named.length - cap;
  legend.replaceChildren(...named.slice(0, cap).map((e) => el("li", {},
    el("button", { type: "button", class: "legend-cluster", "data-cluster": String(e.id), "aria-pressed": String($("cluster").value === String(e.id)),
      title: `Show only ${e.name} (${e.size} creators)`, onclick: () => toggleCluster(e.id) },
    el("span", { class: "swatch", style: `background:${e.colour}` }), e.name))),
  ...(more > 0 ? [el("li", {}, el("button", { type: "button", class: "link", id: "legend-more",
    onclick: () => { legend.dataset.all = "true"; renderLegend(); } }, `${more} more colours…`))] : []),
  ...(others && more <= 0 ? [el("li", {}, el("span", { class: "swatch", style: `background:${OTHER_COLOUR}` }), `${count(others)} smaller clusters`)] : []));
}

function toggleCluster(id) {
  $("cluster").value = $("cluster").value === String(id) ? "" : String(id);
  applyFilters({ recentre: true });
  renderLegend();
}

function fillTopics() {
  const counts = new Map();
  state.graph.forEachNode((id, a) => { for (const t of a.topics || []) counts.set(t, (counts.get(t) || 0) + 1); });
  state.topics = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  $("topic-list").replaceChildren(...state.topics.map(([topic, n]) => el("option", { value: topic }, `${n} creators`)));
}

function fillClusterSelect() {
  const select = $("cluster");
  for (const entry of state.clusters.values()) {
    select.append(el("option", { value: String(entry.id) }, `${entry.name} (${entry.size})`));
  }
}

// ---------------------------------------------------------------- since last run

async function showChanges() {
  const box = $("since-last-run");
  if (!box.checked) { state.changes = null; renderLegend(); applyFilters(); return; }
  try {
    const changes = await api("/changes?since=previous");
    const kind = new Map();
    const counts = { gone: 0 };
    const mark = (id, k) => { if (!kind.has(id) && state.graph.hasNode(id)) kind.set(id, k); };
    for (const e of changes.emerging) if (e.reasons.includes("new")) mark(e.id, "new");
    for (const b of changes.new_bridges) mark(b.id, "new_bridge");
    for (const e of changes.emerging) if (e.reasons.includes("joined_cluster") && e.before) mark(e.id, "moved");
    for (const e of changes.emerging) mark(e.id, "emerging");
    for (const w of changes.waning) {
      if (w.reasons.includes("gone")) counts.gone += 1;
      else mark(w.id, "waning");
    }
    for (const k of kind.values()) counts[k] = (counts[k] || 0) + 1;
    state.changes = { kind, counts, since: changes.since };
    say(`Since run ${changes.since.id.slice(0, 8)} (${when(changes.since.finished_at)}): ${count(counts.new || 0)} new, `
      + `${count(counts.moved || 0)} moved, ${count(counts.emerging || 0)} emerging, ${count(counts.waning || 0)} waning, `
      + `${count(counts.new_bridge || 0)} new bridges, ${count(counts.gone)} gone.`);
  } catch (error) {
    box.checked = false;
    state.changes = null;
    say(error.code === "no_previous_run" ? "There is no earlier analysis run to compare with yet: run the analysis again after the next load."
      : `No change view: ${error.message}`);
  }
  renderLegend();
  applyFilters();
}

function when(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}

async function loadRuns() {
  try {
    const runs = (await api("/analysis/runs?limit=2")).items;
    state.runs = runs;
    const current = runs.find((r) => r.current);
    $("run-info").textContent = current
      ? `Analysis ${current.id.slice(0, 8)} · ${when(current.finished_at)} · ${current.audience === "cleaned" ? "cleaned audiences (suspicious members left out)" : "raw audiences"}`
      : "No analysis run yet: clusters and scores appear after `influence-map analyze`.";
    if (current) $("run-info").title = `run ${current.id}`;
    const earlier = runs.some((r) => !r.current && r.kept);
    $("since-last-run").disabled = !earlier;
    $("since-note").textContent = earlier ? "" : " (needs 2 runs)";
    $("since-last-run").title = earlier ? "Colour what changed since the previous analysis run" : "There is only one analysis run: nothing to compare with yet";
  } catch (error) {
    $("run-info").textContent = `Run unknown: ${error.message}`;
  }
}

// ---------------------------------------------------------------- search

function searchIndex() {
  state.index = state.graph.mapNodes((id, a) => ({ id, handle: normalise(a.handle || id), name: (a.name || "").toLowerCase(), followers: a.followers || 0, label: a.label, display: a.name }));
}

function matches(text) {
  const needle = normalise(text);
  if (!needle) return [];
  const scored = [];
  for (const entry of state.index) {
    let score = -1;
    if (entry.handle.startsWith(needle)) score = 0;
    else if (entry.name.startsWith(needle) || entry.name.includes(` ${needle}`)) score = 1;
    else if (entry.handle.includes(needle)) score = 2;
    else if (entry.name.includes(needle)) score = 3;
    if (score >= 0) scored.push([score, entry]);
  }
  scored.sort((a, b) => a[0] - b[0] || b[1].followers - a[1].followers || (a[1].id < b[1].id ? -1 : 1));
  return scored.map((s) => s[1]);
}

function suggest() {
  const found = matches($("search").value);
  const box = $("search-suggestions");
  state.suggestions = found.slice(0, 8);
  state.active = -1;
  box.replaceChildren(...state.suggestions.map((entry, index) => el("li", {
    id: `suggestion-${index}`, role: "option", "aria-selected": "false", "data-id": entry.id,
    onmousedown: (event) => { event.preventDefault(); choose(entry.id); },
  }, el("strong", {}, entry.label), entry.display ? ` ${entry.display}` : "", el("span", { class: "muted" }, ` · ${compact(entry.followers)}`))));
  const open = state.suggestions.length > 0 && $("search").value.trim() !== "";
  box.hidden = !open;
  $("search").setAttribute("aria-expanded", String(open));
  $("search").removeAttribute("aria-activedescendant");
  return found;
}

function closeSuggestions() {
  $("search-suggestions").hidden = true;
  $("search").setAttribute("aria-expanded", "false");
}

function moveActive(step) {
  if (!state.suggestions || !state.suggestions.length) return;
  state.active = (state.active + step + state.suggestions.length) % state.suggestions.length;
  [...$("search-suggestions").children].forEach((li, index) => li.setAttribute("aria-selected", String(index === state.active)));
  $("search").setAttribute("aria-activedescendant", `suggestion-${state.active}`);
}

function choose(id) {
  closeSuggestions();
  $("search").value = state.graph.getNodeAttribute(id, "label");
  const position = state.renderer.getNodeDisplayData(id);
  if (position) state.renderer.getCamera().animate({ x: position.x, y: position.y, ratio: 0.25 }, { duration: 400 });
  openPanel(id);
}

function search(event) {
  event.preventDefault();
  const text = $("search").value;
  if (state.active >= 0 && state.suggestions[state.active]) { choose(state.suggestions[state.active].id); return; }
  const found = matches(text);
  if (!found.length) { say(`No creator's handle or name matches "${text.trim()}".`); return; }
  if (found.length > 1) say(`${count(found.length)} creators match "${text.trim()}": showing the most followed; the list under the box has the others.`);
  choose(found[0].id);
  if (found.length > 1) suggest();
}

// ---------------------------------------------------------------- the creator panel

function row(label, value) {
  return el("tr", {}, el("th", { scope: "row" }, label), el("td", {}, value === null || value === undefined ? "–" : value));
}

function creatorLink(id, text) {
  return el("button", { type: "button", class: "link", "data-id": id, onclick: () => openPanel(id) }, text);
}

function flagReasons(creator) {
  const details = creator.authenticity ? safeJson(creator.authenticity) : null;
  const reasons = details && details.reasons ? details.reasons : (creator.flags || []).map((code) => ({ code, message: "" }));
  return reasons.map((r) => `${FLAG_WORDS[r.code] || r.code.replaceAll("_", " ")}${r.message ? `: ${withHandles(r.message)}` : ""}`);
}

function safeJson(text) { try { return JSON.parse(text); } catch { return null; } }

// Creator ids in a reason become handles, which people recognise. Only id-like words (4+
// characters, letters and digits) are looked up, so "a" or "50" in a sentence stay as written.
function withHandles(text) {
  return text.replace(/[A-Za-z0-9][\w.-]*/g, (word) => {
    const idLike = word.length >= 4 && /[A-Za-z]/.test(word) && /\d/.test(word);
    const creator = idLike ? state.byId.get(word) : null;
    return creator && creator.handle ? creator.handle : word;
  });
}

async function openPanel(id) {
  if (!state.graph.hasNode(id)) return;
  state.selected = id;
  state.pendingFlagged = null;
  const panel = $("panel");
  delete panel.dataset.loaded;
  panel.hidden = false;
  $("side").scrollTop = 0;
  panel.scrollTop = 0;
  const attrs = state.graph.getNodeAttributes(id);
  $("panel-handle").textContent = attrs.label;
  $("panel-name").textContent = attrs.name || "";
  $("confirm-flagged").hidden = true;
  updateAddButton();
  applyFilters();
  const ask = state.panelFor = id;
  const quiet = (promise) => promise.catch((error) => ({ failed: error }));
  const [creator, overlaps, explained, makeup] = await Promise.all([
    api(`/creators/${encodeURIComponent(id)}`),
    quiet(api(`/creators/${encodeURIComponent(id)}/overlap?limit=6`)),
    // Without an analysis run there is nothing to explain (and asking would only log a 404).
    state.runs.some((r) => r.current) ? quiet(api(`/creators/${encodeURIComponent(id)}/explain`)) : null,
    quiet(api(`/creators/${encodeURIComponent(id)}/audience`)),
  ]);
  if (ask !== state.panelFor) return; // another creator was opened meanwhile
  $("panel-handle").textContent = creator.handle || creator.id;
  $("panel-name").textContent = creator.name && creator.name !== creator.handle ? creator.name : "";
  showFlags(creator);
  showProfile(creator);
  showExplain(explained);
  showMakeup(makeup);
  showOverlaps(overlaps);
  panel.dataset.loaded = id;
  if (window.matchMedia("(max-width: 760px)").matches) panel.scrollIntoView({ block: "start" });
  panel.focus({ preventScroll: true });
}

function closePanel() {
  $("panel").hidden = true;
  state.selected = null;
  state.panelFor = null;
  applyFilters();
}

function showProfile(creator) {
  const cluster = creator.cluster;
  const topics = creator.topics && creator.topics.length
    ? el("span", { class: "chips" }, ...creator.topics.map((t) => el("span", { class: "chip" }, t))) : "–";
  $("panel-profile").replaceChildren(
    row("Followers", count(creator.followers)),
    row(term("Tier", "tier"), creator.tier),
    row("Platform", creator.platform),
    row("Country · language", [creator.country, creator.language].filter(Boolean).join(" · ") || "–"),
    row("Topics", topics),
    row(term("Engagement", "engagement"), creator.engagement_rate === undefined ? "–" : percent(creator.engagement_rate, 1)),
    row("Cluster", cluster === null || cluster === undefined ? "–"
      : el("span", {}, el("span", { class: "swatch", style: `background:${colourOf(cluster)}` }), clusterName(cluster))),
    row(term("Hub score", "hub"), creator.hub_score === undefined ? "–" : `${decimal(creator.hub_score)}${creator.is_hub ? " (a hub of its cluster)" : ""}`),
    row(term("Bridge score", "bridge"), creator.bridge_score === undefined ? "–"
      : `${decimal(creator.bridge_score)}${creator.bridge_rank ? ` · rank ${count(creator.bridge_rank)} of ${count(state.graph.order)}` : ""}`),
  );
}

function showExplain(explained) {
  const box = $("panel-bridge");
  if (!explained || explained.failed) {
    box.replaceChildren(el("p", { class: "muted" }, "No bridge explanation: the creator has no analysis results."));
    return;
  }
  const total = Object.values(explained.weights).reduce((a, b) => a + b, 0) || 1;
  const rows = Object.keys(explained.weights).map((name) => {
    const value = explained[name];
    const shown = value === null || value === undefined ? "none" : Number.isInteger(value) ? count(value) : decimal(value, name === "betweenness" ? 0 : 2);
    return el("tr", { "data-component": name },
      el("th", { scope: "row" }, term(COMPONENT_WORDS[name] || name, name)),
      el("td", {}, shown),
      // Rounded down: "better than 100%" would claim it beats everyone when it beats 99.7%.
      el("td", {}, `better than ${Math.floor(100 * explained.percentiles[name] + 1e-9)}%`),
      el("td", {}, percent(explained.weights[name] / total)),
      el("td", {}, `+${decimal(explained.contributions[name], 3)}`));
  });
  box.replaceChildren(
    el("p", {}, `Bridge score ${decimal(explained.bridge_score, 3)}: rank ${count(explained.bridge_rank)} of ${count(explained.creators)} creators. `
      + "Each part is compared with every other creator; the score adds up each part's weight times the share of creators it beats."),
    el("table", { class: "explain" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Part"), el("th", { scope: "col" }, "Value"),
        el("th", { scope: "col" }, term("Compared", "percentile")), el("th", { scope: "col" }, "Weight"), el("th", { scope: "col" }, "Adds"))),
      el("tbody", {}, ...rows)));
}

function bars(title, breakdown) {
  if (!breakdown || !breakdown.known) return el("div", { class: "makeup" }, el("h4", {}, title), el("p", { class: "muted" }, "not in the loaded data"));
  return el("div", { class: "makeup", "data-dimension": title },
    el("h4", {}, title),
    el("ul", { class: "hbars" }, ...breakdown.values.map((v) => el("li", {},
      el("span", { class: "hbar-label" }, v.value),
      el("span", { class: "hbar", "aria-hidden": "true" }, el("span", { style: `width:${Math.max(1, Math.round(100 * v.share))}%` })),
      el("span", { class: "hbar-value" }, percent(v.share))))),
    breakdown.unknown ? el("p", { class: "muted" }, `${count(breakdown.unknown)} members without it`) : "");
}

function showMakeup(makeup) {
  const box = $("panel-audience");
  if (!makeup || makeup.failed) { box.replaceChildren(el("p", { class: "muted" }, "Audience make-up unavailable.")); return; }
  const suspicious = makeup.suspicious.assessed
    ? `${percent(makeup.suspicious.share, 1)} of them marked suspicious (${count(makeup.suspicious.members)})`
    : "not assessed for suspicious members yet";
  box.replaceChildren(
    el("p", {}, `${count(makeup.members)} `, term("members of the loaded audience", "sample"), "; ", term(suspicious, "suspicious"), "."),
    el("div", { class: "makeup-grid" }, bars("Country", makeup.country), bars("Age", makeup.age_band), bars("Gender", makeup.gender)));
}

function showOverlaps(overlaps) {
  const list = $("panel-overlaps");
  if (!overlaps || overlaps.failed || !overlaps.items.length) { list.replaceChildren(el("li", { class: "muted" }, "none found")); return; }
  list.replaceChildren(...overlaps.items.map((o) => el("li", {},
    state.graph.hasNode(o.id) ? creatorLink(o.id, o.handle || o.id) : (o.handle || o.id),
    `: ${count(o.shared)} shared members, `, term(`lift ${decimal(o.lift, 1)}`, "lift"),
    el("span", { class: "muted" }, ` · ${clusterName(o.cluster)}`))));
}

function showFlags(creator) {
  const badge = $("panel-flags");
  badge.hidden = !creator.flagged;
  state.flagged = creator.flagged ? flagReasons(creator) : null;
  if (!creator.flagged) return;
  badge.replaceChildren(el("strong", {}, "Flagged: "), state.flagged.join("; ") || "see the authenticity assessment");
  badge.dataset.flags = (creator.flags || []).join(",");
}

function updateAddButton() {
  const id = state.selected;
  const button = $("add-to-campaign");
  const inBasket = id && state.basket.has(id);
  button.textContent = inBasket ? "Remove from campaign" : "Add to campaign";
  button.dataset.id = id || "";
  button.setAttribute("aria-pressed", String(Boolean(inBasket)));
}

function addOrRemove() {
  const id = state.selected;
  if (!id) return;
  if (state.basket.has(id)) { state.basket.delete(id); basketChanged(); return; }
  if (state.graph.getNodeAttribute(id, "flagged") && state.pendingFlagged !== id) {
    state.pendingFlagged = id;
    $("confirm-text").textContent = `${state.graph.getNodeAttribute(id, "label")} is flagged${state.flagged && state.flagged.length ? ` (${state.flagged.join("; ")})` : ""}. Its reach may be inflated. Add it anyway?`;
    $("confirm-flagged").hidden = false;
    $("confirm-add").focus();
    return;
  }
  state.basket.set(id, state.graph.getNodeAttribute(id, "label"));
  $("confirm-flagged").hidden = true;
  state.pendingFlagged = null;
  basketChanged();
}

// ---------------------------------------------------------------- the basket

function saveBasket() {
  try { localStorage.setItem(BASKET_KEY, JSON.stringify([...state.basket.keys()])); } catch { /* private mode */ }
}

function restoreBasket() {
  let ids = [];
  try { ids = JSON.parse(localStorage.getItem(BASKET_KEY) || "[]"); } catch { ids = []; }
  for (const id of Array.isArray(ids) ? ids : []) {
    if (typeof id === "string" && state.graph.hasNode(id)) state.basket.set(id, state.graph.getNodeAttribute(id, "label"));
  }
}

function basketChanged() {
  saveBasket();
  updateAddButton();
  renderBasket();
  applyFilters();
  simulate().catch((error) => say(`Could not simulate the basket: ${error.message}`));
}

function renderBasket() {
  const list = $("basket-list");
  $("basket-empty").hidden = state.basket.size > 0;
  $("basket-actions").hidden = state.basket.size === 0;
  list.replaceChildren(...[...state.basket.entries()].map(([id, handle]) => {
    const a = state.graph.getNodeAttributes(id);
    return el("li", { "data-id": id },
      el("span", { class: "swatch", style: `background:${colourOf(a.cluster)}`, "aria-hidden": "true" }),
      creatorLink(id, handle),
      el("span", { class: "muted" }, ` ${compact(a.followers)}${a.flagged ? " · flagged" : ""} `),
      el("button", { type: "button", class: "small", "aria-label": `remove ${handle}`, onclick: () => { state.basket.delete(id); basketChanged(); } }, "remove"));
  }));
}

async function simulate() {
  const out = $("simulation");
  // Answers can arrive out of order when the basket changes quickly: only the latest one counts.
  const asked = ++state.simulations;
  if (!state.basket.size) { out.hidden = true; state.lastSimulation = null; summary(); return; }
  const result = await api("/campaigns/simulate", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ creator_ids: [...state.basket.keys()] }) });
  if (asked !== state.simulations) return;
  state.lastSimulation = result;
  out.dataset.creators = String(result.creator_ids.length);
  out.hidden = false;
  const e = result.estimated_reach;
  summary();
  $("estimated-reach").textContent = count(e.followers);
  $("estimated-range").textContent = `${count(e.low)}–${count(e.high)}`;
  $("unique-reach").textContent = count(result.unique_reach);
  $("impressions").textContent = count(result.impressions);
  $("average-frequency").textContent = decimal(result.average_frequency, 2);
  $("effective-reach").textContent = count(result.effective_reach);
  $("effective-frequency").textContent = String(result.effective_frequency);
  const entries = Object.entries(result.frequency);
  const top = Math.max(1, ...entries.map(([, people]) => people));
  $("frequency-chart").replaceChildren(...entries.map(([times, people]) => el("div", { class: "bar-wrap", title: `${count(people)} members reached ${times} time${times === "1" ? "" : "s"}` },
    el("span", { class: "bar-count" }, compact(people)),
    el("div", { class: "bar", style: `height:${Math.round(70 * people / top) + 2}px` }),
    el("span", { class: "bar-times" }, `${times}×`))));
  const basketClusters = new Set([...state.basket.keys()].map((id) => state.graph.getNodeAttribute(id, "cluster")));
  const clusters = [...(result.clusters || [])].sort((a, b) => (basketClusters.has(b.cluster) - basketClusters.has(a.cluster)) || b.share - a.share);
  $("clusters-covered").replaceChildren(...clusters.slice(0, 12).map((c) => el("li", { "data-cluster": String(c.cluster) },
    el("span", { class: "hbar-label" }, el("span", { class: "swatch", style: `background:${colourOf(c.cluster)}` }), clusterName(c.cluster)),
    el("span", { class: "hbar", "aria-hidden": "true" }, el("span", { style: `width:${Math.max(1, Math.round(100 * c.share))}%` })),
    el("span", { class: "hbar-value" }, `${percent(c.share, 1)} of ${count(c.audience)}`),
    el("span", { class: "muted cluster-why" }, c.creators.length ? ` home of ${c.creators.map((id) => state.graph.hasNode(id) ? state.graph.getNodeAttribute(id, "label") : id).join(", ")}` : " reached through shared audience"))));
  $("clusters-more").textContent = clusters.length > 12 ? `and ${clusters.length - 12} more clusters with a smaller share` : "";
}

// The basket in one line at the bottom of the side column, so it stays in sight beside a panel.
function summary() {
  const sim = state.lastSimulation;
  $("basket-summary").hidden = state.basket.size === 0;
  $("basket-summary-text").textContent = `Basket: ${state.basket.size} creator${state.basket.size === 1 ? "" : "s"}`
    + (sim ? ` · ≈ ${compact(sim.estimated_reach.followers)} people · ${count(sim.unique_reach)} sampled members` : "");
}

function exportBasket() {
  const sim = state.lastSimulation;
  const per = new Map(sim ? sim.creators.map((c) => [c.id, c]) : []);
  const rows = [...state.basket.keys()].map((id) => {
    const a = state.graph.getNodeAttributes(id);
    const reach = per.get(id) || {};
    return { id, handle: a.handle, name: a.name, followers: a.followers, cluster: a.cluster, cluster_name: clusterName(a.cluster),
      loaded_audience: reach.audience, exclusive_members: reach.exclusive, bridge_score: a.bridge_score, flagged: a.flagged };
  });
  download("campaign-basket.csv", csv(rows, ["id", "handle", "name", "followers", "cluster", "cluster_name", "loaded_audience",
    "exclusive_members", "bridge_score", "flagged"]), "text/csv");
  say(`Exported the basket (${rows.length} creators) to campaign-basket.csv.`);
}

// The basket as a body for POST /campaigns/plan: keep these creators, add the best ones for reach.
function exportPlanRequest() {
  const ids = [...state.basket.keys()];
  const body = { goal: "reach", k: ids.length + 2, require: ids };
  download("plan-request.json", `${JSON.stringify(body, null, 2)}\n`, "application/json");
  say("Saved plan-request.json: POST it to /campaigns/plan to add the two creators that add most reach.");
}

// ---------------------------------------------------------------- start

function wire() {
  const { renderer } = state;
  renderer.on("clickNode", ({ node }) => openPanel(node));
  for (const id of ["tier", "cluster", "flagged-only"]) $(id).addEventListener("input", () => { applyFilters({ recentre: true }); renderLegend(); });
  $("min-shared").addEventListener("input", () => { $("min-shared-value").textContent = $("min-shared").value; applyFilters(); });
  let typing = null;
  $("topic").addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(() => applyFilters({ recentre: true }), 150); });
  $("since-last-run").addEventListener("change", showChanges);
  $("reset-filters").addEventListener("click", resetFilters);
  $("export-list").addEventListener("click", exportShown);
  $("search-form").addEventListener("submit", search);
  $("search").addEventListener("input", suggest);
  $("search").addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); if ($("search-suggestions").hidden) suggest(); moveActive(1); }
    if (event.key === "ArrowUp") { event.preventDefault(); moveActive(-1); }
  });
  $("search").addEventListener("blur", () => setTimeout(closeSuggestions, 100));
  $("add-to-campaign").addEventListener("click", addOrRemove);
  $("confirm-add").addEventListener("click", addOrRemove);
  $("confirm-cancel").addEventListener("click", () => { state.pendingFlagged = null; $("confirm-flagged").hidden = true; $("add-to-campaign").focus(); });
  $("close-panel").addEventListener("click", closePanel);
  $("clear-basket").addEventListener("click", () => { state.basket.clear(); basketChanged(); });
  $("export-basket").addEventListener("click", exportBasket);
  $("export-plan").addEventListener("click", exportPlanRequest);
  $("show-basket").addEventListener("click", () => { $("basket").scrollIntoView({ block: "start" }); $("basket-title").focus(); });
  const camera = renderer.getCamera();
  $("zoom-in").addEventListener("click", () => camera.animatedZoom({ duration: 200 }));
  $("zoom-out").addEventListener("click", () => camera.animatedUnzoom({ duration: 200 }));
  $("zoom-reset").addEventListener("click", () => camera.animatedReset({ duration: 200 }));
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    if (!$("search-suggestions").hidden) { closeSuggestions(); return; }
    if (!$("confirm-flagged").hidden) { $("confirm-cancel").click(); return; }
    if (!$("panel").hidden) { const back = state.selected; closePanel(); const again = document.querySelector(`#creator-list [data-id="${CSS.escape(back)}"]`); (again || $("search")).focus(); }
  });
}

// The map's graph. A 503 means Neo4j is busy, restarting or took too long: say so and try
// again twice (a second try is also a warm one) before giving up with the server's message.
async function mapGraph() {
  for (const pause of [2000, 4000, null]) {
    try {
      return await api("/export/graph?format=json&top_edges=5&max_nodes=20000");
    } catch (error) {
      if (error.status !== 503 || pause === null) throw error;
      say(`The database is busy (${error.message}); trying again in ${pause / 1000} s…`);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
  throw new Error("unreachable");
}

async function main() {
  // On a phone the filters start folded, so the map is in sight.
  if (window.matchMedia("(max-width: 760px)").matches) $("filters").open = false;
  const runs = loadRuns();
  const named = api("/clusters?limit=500").catch(() => ({ items: [] }));
  const data = await mapGraph();
  const loaded = performance.now();
  state.data = data;
  state.clusters = clusterTable(data.nodes);
  state.graph = buildGraph(data);
  const large = state.graph.order > SYNC_LAYOUT;
  if (!large) layoutNow(state.graph);
  const laidOut = performance.now();
  state.renderer = new Sigma(state.graph, $("graph"), {
    renderEdgeLabels: false, labelRenderedSizeThreshold: 0, labelFont: "system-ui, sans-serif", labelSize: 13, labelWeight: "600",
    defaultNodeType: "ringed", nodeProgramClasses: { ringed: RINGED }, zIndex: true,
  });
  state.labeller = createLabeller(state.renderer, { size: 13, font: "system-ui, sans-serif", weight: "600" });
  state.renderer.setSetting("defaultDrawNodeLabel", state.labeller.drawLabel);
  const total = data.total_edges ?? data.edges.length;
  for (const c of (await named).items) {
    const entry = state.clusters.get(c.cluster);
    if (entry) Object.assign(entry, { source: c.name_source, name: c.name });
  }
  fillClusterSelect();
  fillTopics();
  const asked = readUrl();
  $("min-shared-value").textContent = $("min-shared").value;
  searchIndex();
  restoreBasket();
  renderLegend();
  wire();
  say(`${count(state.graph.size)} links drawn`
    + (total > state.graph.size ? ` (each creator's 5 strongest; ${count(total - state.graph.size)} weaker hidden)` : " (each creator's 5 strongest)")
    + ". Click a creator, or search.");
  applyFilters({ recentre: Boolean(window.location.search) });
  renderBasket();
  if (state.basket.size) simulate().catch((error) => say(`Could not simulate the basket: ${error.message}`));
  await runs;
  if (asked.since && !$("since-last-run").disabled) { $("since-last-run").checked = true; showChanges(); }
  if (asked.creator && state.graph.hasNode(asked.creator)) openPanel(asked.creator);
  const ready = performance.now();
  // Browser tests (and curious users in the console) find nodes and timings through this.
  const timings = { data_ms: Math.round(loaded - started), layout_ms: Math.round(laidOut - loaded),
    interactive_ms: Math.round(ready), creators: state.graph.order, layout: large ? "worker" : "before drawing" };
  window.influenceMap = { graph: state.graph, renderer: state.renderer, basket: state.basket, labels: state.labeller.state, timings };
  document.body.dataset.ready = "true";
  if (large) {
    say(`Arranging ${count(state.graph.order)} creators… the map is usable meanwhile.`);
    timings.layout_iterations = await layoutInBackground(state.graph);
    say(`${count(state.graph.size)} links drawn (each creator's 5 strongest). Click a creator, or search.`);
  }
  timings.settled_ms = Math.round(performance.now());
  document.body.dataset.settled = "true";
}

main().catch((error) => {
  say(`Could not load the map: ${error.message}`);
  // Tests wait for data-ready; "error" ends their wait at once, with the message above.
  document.body.dataset.ready = "error";
});
