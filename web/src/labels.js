// Labels that never overlap. In every frame, candidates are placed greedily in priority order
// (selection and basket, then bridges, hubs, then the most followed) while their box is free and
// the view is not yet full (label density); sigma then draws only those, through `drawLabel`,
// which records the box of the text it actually drew (`drawn`) so a test can check the result.

const PADDING = 3; // free space kept around each label, in pixels
const AREA_PER_LABEL = 7000; // label density: at most one label per this many square pixels

export function createLabeller(renderer, { size, font, weight }) {
  const state = { priority: [], placed: new Set(), drawn: [], frames: 0, stale: true };
  const measure = document.createElement("canvas").getContext("2d");
  measure.font = `${weight} ${size}px ${font}`;
  const widths = new Map();
  const widthOf = (label) => {
    let width = widths.get(label);
    if (width === undefined) {
      width = measure.measureText(label).width;
      widths.set(label, width);
    }
    return width;
  };

  function place() {
    state.frames += 1;
    state.placed = new Set();
    const { width, height } = renderer.getDimensions();
    const limit = Math.max(6, Math.floor((width * height) / AREA_PER_LABEL));
    const cell = 64;
    const grid = new Map();
    const cellsOf = (box) => {
      const keys = [];
      for (let cx = Math.floor(box.x / cell); cx <= Math.floor((box.x + box.w) / cell); cx++) {
        for (let cy = Math.floor(box.y / cell); cy <= Math.floor((box.y + box.h) / cell); cy++) keys.push(`${cx},${cy}`);
      }
      return keys;
    };
    const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    for (const node of state.priority) {
      const data = renderer.getNodeDisplayData(node);
      if (!data || data.hidden || !data.label) continue;
      const at = renderer.framedGraphToViewport(data);
      const radius = renderer.scaleSize(data.size);
      const box = {
        x: at.x + radius + 3 - PADDING, y: at.y - 0.7 * size - PADDING,
        w: widthOf(data.label) + 2 * PADDING, h: 1.4 * size + 2 * PADDING,
      };
      if (box.x > width || box.x + box.w < 0 || box.y > height || box.y + box.h < 0) continue;
      const keys = cellsOf(box);
      if (keys.some((key) => (grid.get(key) || []).some((other) => overlaps(box, other)))) continue;
      for (const key of keys) {
        if (!grid.has(key)) grid.set(key, []);
        grid.get(key).push(box);
      }
      state.placed.add(node);
      if (state.placed.size >= limit) break;
    }
  }

  // sigma's label pass: draws a placed label (with a white halo) and records its ink box. The
  // placement runs at the first label of a frame: by then sigma has applied the reducers and set
  // the camera matrix of this frame ("beforeRender" comes before both).
  function drawLabel(context, data) {
    if (state.stale) {
      place();
      state.stale = false;
    }
    if (!data.label || !state.placed.has(data.key)) return;
    context.font = `${weight} ${size}px ${font}`;
    const x = data.x + data.size + 3;
    const y = data.y + size / 3;
    context.lineWidth = 3;
    context.lineJoin = "round";
    context.strokeStyle = "rgba(255, 255, 255, 0.92)";
    context.strokeText(data.label, x, y);
    context.fillStyle = "#111";
    context.fillText(data.label, x, y);
    const m = context.measureText(data.label);
    const halo = context.lineWidth / 2;
    state.drawn.push({
      node: data.key,
      x: x - m.actualBoundingBoxLeft - halo,
      y: y - m.actualBoundingBoxAscent - halo,
      width: m.actualBoundingBoxLeft + m.actualBoundingBoxRight + 2 * halo,
      height: m.actualBoundingBoxAscent + m.actualBoundingBoxDescent + 2 * halo,
    });
  }

  renderer.on("beforeRender", () => {
    state.stale = true;
    state.drawn = [];
  });
  return {
    state,
    drawLabel,
    setPriority(order) { state.priority = order; },
  };
}
