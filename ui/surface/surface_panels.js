// Drawing the grids: a panel's cells, values, index labels and padding hatch in cell units; its
// repaint from one grid of the payload; the layout for the width available. Loaded after
// surface.js (ui/surface/__init__.py), as the files that add to the Surface class.

Object.assign(Surface.prototype, {
  buildPanel(spec) {
    const live = spec.live !== undefined;
    const first = live ? null : this.p.grids[spec.grids[0]];
    const rows = live ? spec.rows : first.rows;
    const cols = live ? spec.cols : first.cols;
    const box = el("figure", { class: `cl-panel role-${spec.role}` });
    if (spec.break) this.board.appendChild(el("div", { class: "cl-break" }));
    const title = el("figcaption", {}, spec.titles[0]);
    const svg = svgEl("svg", {
      viewBox: `${-MARGIN} ${-MARGIN} ${cols + MARGIN} ${rows + MARGIN}`,
      "data-panel-svg": spec.id,
      role: "img",
      "aria-label": spec.titles[0],
    });
    const panel = { spec, rows, cols, svg, title, page: -1, cells: [], texts: [], fills: [], state: [] };
    svg.appendChild(this.hatch(spec.id));
    svg.appendChild(this.indexLabels(rows, cols));
    const cells = svgEl("g", { class: "cells" });
    const texts = svgEl("g", { class: "values" });
    for (let i = 0; i < rows * cols; i++) {
      const r = Math.floor(i / cols), c = i % cols;
      const rect = svgEl("rect", { x: c, y: r, width: 1, height: 1, class: "cell", "data-panel": spec.id, "data-cell": `${r},${c}` });
      const text = svgEl("text", { x: c + 0.5, y: r + 0.54, class: "value" });
      cells.appendChild(rect);
      texts.appendChild(text);
      panel.cells.push(rect);
      panel.texts.push(text);
    }
    svg.append(cells, texts);
    panel.markLayer = svgEl("g", { class: "marks" });
    panel.tapLayer = svgEl("g", { class: "taps" });
    svg.append(panel.markLayer, panel.tapLayer);
    if (spec.window) {
      panel.winner = svgEl("rect", { class: "winner", width: 1, height: 1, visibility: "hidden" });
      panel.window = svgEl("rect", { class: "window", "data-window": spec.id });
      svg.append(panel.winner, panel.window);
    }
    box.append(title, svg);
    this.board.appendChild(box);
    return panel;
  },

  hatch(id) {
    const defs = svgEl("defs");
    const pattern = svgEl("pattern", { id: `pad-${id}`, width: 0.25, height: 0.25, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
    pattern.appendChild(svgEl("rect", { width: 0.25, height: 0.25, fill: "#eceef1" }));
    pattern.appendChild(svgEl("line", { x1: 0, y1: 0, x2: 0, y2: 0.25, stroke: "#b6bcc6", "stroke-width": 0.08 }));
    defs.appendChild(pattern);
    return defs;
  },

  indexLabels(rows, cols) {
    const g = svgEl("g", { class: "index" });
    for (let r = 0; r < rows; r++) {
      const t = svgEl("text", { x: -MARGIN / 2, y: r + 0.54 });
      t.textContent = String(r);
      g.appendChild(t);
    }
    for (let c = 0; c < cols; c++) {
      const t = svgEl("text", { x: c + 0.5, y: -MARGIN / 2 + 0.04 });
      t.textContent = String(c);
      g.appendChild(t);
    }
    return g;
  },

  // Repaint a panel's cells from one grid of the payload (on build and when its page changes).
  paint(panel, gridIndex) {
    const g = this.p.grids[gridIndex];
    const pad = new Set(g.padding), unread = new Set(g.unread);
    const longest = Math.max(1, ...g.text.map((t) => t.length));
    panel.font = Math.min(0.42, 1.7 / (longest + 0.6));
    panel.svg.style.setProperty("--value-font", String(panel.font));
    panel.markLayer.replaceChildren();
    g.text.forEach((text, i) => {
      const rect = panel.cells[i];
      const isPad = pad.has(i);
      const colour = isPad ? `url(#pad-${panel.spec.id})` : fill(g.shade[i]);
      if (panel.fills[i] !== colour) rect.setAttribute("fill", (panel.fills[i] = colour)); // unchanged cells untouched
      rect.classList.toggle("padding", isPad);
      rect.classList.toggle("dark", Math.abs(g.shade[i]) >= 6 && !isPad && !unread.has(i));
      if (unread.has(i)) {
        rect.setAttribute("data-unread", "true");
        const r = Math.floor(i / panel.cols), c = i % panel.cols;
        const x = c + 0.68, y = r + 0.08, s = 0.24; // a small x in the corner, clear of the value
        panel.markLayer.appendChild(svgEl("path", { d: `M${x} ${y}l${s} ${s}m0 ${-s}l${-s} ${s}`, class: "unread-mark" }));
      } else rect.removeAttribute("data-unread");
      if (panel.texts[i].textContent !== text) panel.texts[i].textContent = text;
      panel.texts[i].classList.toggle("dark", rect.classList.contains("dark"));
    });
    panel.grid = g;
    panel.state = [];
  },

  // Lay out for the width available: one cell size for every panel, panels wrap to new rows.
  layout() {
    if (!this.panels || this.width === undefined) return; // the observer calls again with a width
    const width = (this.width || 600) - 8;
    const classroom = this.root.classList.contains("classroom");
    const [largest, smallest] = classroom ? [58, 40] : [38, 26];
    const rows = [[]]; // the panels of each line the payload asks for (a "break" starts one)
    for (const panel of this.panels) {
      if (panel.spec.break) rows.push([]);
      rows[rows.length - 1].push(panel.cols + MARGIN);
    }
    let cell = Math.min(largest, Math.floor(width / Math.max(...rows.flat()))); // the widest panel always fits
    const fits = rows.map((spans) => Math.floor((width - GAP_PX * (spans.length - 1)) / spans.reduce((a, b) => a + b, 0)));
    const oneRow = Math.min(...fits);
    if (oneRow < cell && oneRow >= smallest) cell = oneRow; // each line side by side while legible
    cell = Math.max(4, cell);
    for (const panel of this.panels) {
      panel.svg.setAttribute("width", String(Math.round((panel.cols + MARGIN) * cell)));
      panel.svg.setAttribute("height", String(Math.round((panel.rows + MARGIN) * cell)));
      panel.svg.classList.toggle("tiny", (panel.font || 0.42) * cell < MIN_FONT_PX);
      panel.svg.classList.toggle("no-index", 0.36 * cell < MIN_FONT_PX);
    }
  },

  // Output cells appear at their own step; cells that steps add into show as partial until done.
  reveal(panel, step) {
    const { reveal, begin } = panel.grid;
    for (let i = 0; i < reveal.length; i++) {
      const state = reveal[i] <= step ? 0 : begin && begin[i] <= step ? 1 : 2;
      if (panel.state[i] === state) continue;
      panel.state[i] = state;
      panel.cells[i].classList.toggle("partial", state === 1);
      panel.cells[i].classList.toggle("pending", state === 2);
      panel.texts[i].classList.toggle("hidden", state !== 0);
    }
  },

  showLive(panel, step) {
    const texts = this.p.steps.live[step][panel.spec.live];
    if (panel.page !== 0) {
      panel.page = 0;
      panel.font = Math.min(0.42, 1.7 / (Math.max(...texts.map((t) => t.length)) + 0.6));
      panel.svg.style.setProperty("--value-font", String(panel.font));
      panel.cells.forEach((rect) => rect.setAttribute("fill", "#fdf2f8"));
    }
    texts.forEach((text, i) => (panel.texts[i].textContent = text));
  },
});
