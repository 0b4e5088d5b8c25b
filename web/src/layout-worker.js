// The map's layout on large markets, off the page's thread: ForceAtlas2 iterations on the byte
// matrices graphology's FA2 uses, posting the positions back every `chunk` iterations so the map
// settles in a few steps instead of redrawing after every iteration.
import iterate from "graphology-layout-forceatlas2/iterate.js";

self.addEventListener("message", (event) => {
  const { nodes, edges, settings, iterations, chunk } = event.data;
  const nodeMatrix = new Float32Array(nodes);
  const edgeMatrix = new Float32Array(edges);
  let done = 0;
  while (done < iterations) {
    const step = Math.min(chunk, iterations - done);
    for (let i = 0; i < step; i++) iterate(settings, nodeMatrix, edgeMatrix);
    done += step;
    const copy = nodeMatrix.slice();
    self.postMessage({ nodes: copy.buffer, done }, [copy.buffer]);
  }
});
