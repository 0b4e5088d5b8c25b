// Small helpers for the map page: numbers for people, DOM building, CSV files and the glossary.

const whole = new Intl.NumberFormat("en");
const short = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

export const count = (n) => (n === null || n === undefined ? "–" : whole.format(Math.round(n)));
export const compact = (n) => (n === null || n === undefined ? "–" : short.format(n));
export const percent = (x, digits = 0) => (x === null || x === undefined ? "–" : `${(100 * x).toFixed(digits)}%`);
export const decimal = (x, digits = 2) => (x === null || x === undefined ? "–" : Number(x).toFixed(digits));

// "@Fitness_00215", "fitness_00215" and " FITNESS" all become "fitness_00215" / "fitness".
export const normalise = (text) => String(text || "").trim().toLowerCase().replace(/^@+/, "");

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "style") node.setAttribute("style", value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key in node && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

// Plain words for the terms the page uses; shown as a tooltip on hover and keyboard focus.
export const GLOSSARY = {
  sample: "Members of the loaded audience: the people in the data you loaded, a sample of each creator's followers.",
  estimate: "Reach in followers, extrapolated from the sample: each sampled member stands for followers ÷ loaded audience people of the creators reaching it. The range is a 95% interval for the sampling error.",
  impressions: "Exposures: a member reached by three basket creators counts three times.",
  frequency: "How many basket creators reach each member.",
  effective: "Members reached often enough to remember: at least 3 times (the usual rule of thumb).",
  clusterShare: "The share of everyone following a creator of that cluster whom the basket reaches.",
  lift: "How much more often the two audiences overlap than chance would give: 2 means twice as often as if followers were picked at random.",
  bridge: "Bridge score (0–1): how well a creator connects clusters, the weighted sum of the parts below, each compared with every other creator.",
  hub: "Hub score (0–1): how central a creator is inside its own cluster (mentions received and audience shared with cluster-mates).",
  engagement: "Engagement rate as loaded: interactions per follower per post.",
  tier: "Follower tier: nano < 5K, micro 5K–100K, mid 100K–500K, macro 500K–1M, mega 1M+.",
  bridge_clusters_audience: "How many other clusters include creators that share audience with this one.",
  bridge_clusters_mentions: "How many other clusters include creators it mentions or is mentioned by.",
  participation: "How evenly its shared-audience links spread over clusters: 0 = all in one cluster, near 1 = spread over many.",
  betweenness: "How many shortest paths between other creators pass through it: the shortcuts it provides.",
  constraint: "Burt's constraint: low when its contacts do not know each other, so it alone links them. Lower is better here.",
  percentile: "The share of all other creators this one beats on that part.",
  suspicious: "Members the last authenticity assessment marked suspicious (mass followers, burst arrivals).",
};

export function term(label, key) {
  return el("span", { class: "term", tabindex: "0", "data-tip": GLOSSARY[key], "aria-label": `${label}: ${GLOSSARY[key]}` }, label);
}

export function csv(rows, columns) {
  const quote = (value) => {
    const text = value === null || value === undefined ? "" : Array.isArray(value) ? value.join("; ") : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns.join(","), ...rows.map((row) => columns.map((c) => quote(row[c])).join(","))].join("\r\n") + "\r\n";
}

export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
