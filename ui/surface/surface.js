// ConvLab's animation surface: draws a viz/surface.py payload as SVG in cell units and animates
// it in the browser. It lays out and indexes; every number it shows arrives as text from Python.
// No framework, no build step: one build() per shape of payload, a refill() when only its numbers
// change, one show(step) for every step. The grids are drawn by surface_panels.js.

const SVG = "http://www.w3.org/2000/svg";
const MARGIN = 0.9; // index labels, in cell units
const MIN_FONT_PX = 7;
const GAP_PX = 18; // between panels: .cl-panels in surface.css // below this a value is unreadable: hide it rather than blur it
const SPEEDS = [["slow", 900], ["normal", 450], ["fast", 180], ["faster", 60], ["fastest", 16]];
const instances = new WeakMap(); // one instance per mounted element, kept across reruns

export default function (component) {
  const { data, parentElement } = component;
  let surface = instances.get(parentElement);
  if (!surface) {
    surface = new Surface(parentElement);
    instances.set(parentElement, surface);
  }
  surface.send = component; // setStateValue / setTriggerValue of the latest mount
  surface.receive(data || {});
  // Streamlit also calls this cleanup when a newer mount overtook this one (two quick reruns):
  // stopping then ended a Play the student had just started. Only a surface taken off the page stops.
  return () => setTimeout(() => surface.root.isConnected || surface.stop());
}

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text; // text, never markup
  return node;
}

function svgEl(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

// Colour of a cell from its shade level (-8..8): a lookup, not a number shown.
function fill(shade) {
  if (!shade) return "#f8fafc";
  const t = Math.min(Math.abs(shade), 8) / 8;
  const [r, g, b] = shade > 0 ? [29, 78, 216] : [140, 81, 10];
  const mix = (c) => Math.round(248 + (c - 248) * t * 0.85);
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

// What a payload's nodes depend on: the panels, their sizes and marks, the steps, the questions.
function shapeOf(p) {
  const panels = p.panels.map((s) => {
    const size = s.live !== undefined ? s : p.grids[s.grids[0]];
    return [s.id, s.role, size.rows, size.cols, !!s.break, !!s.window, s.live];
  });
  return JSON.stringify([p.steps.shape, !!p.predict.value, !!p.notice, panels]);
}

class Surface {
  constructor(parent) {
    this.root = el("div", { class: "cl-surface", tabindex: "0", "data-step": "0", "data-steps": "0" });
    parent.appendChild(this.root);
    this.step = 0;
    this.playing = false;
    this.speed = 450;
    this.asked = null; // the open prediction question, if any
    this.root.addEventListener("keydown", (e) => this.onKey(e));
    this.root.addEventListener("click", (e) => this.onClick(e));
    // The width comes from the observer, so laying out never forces the browser to lay out first.
    new ResizeObserver(([entry]) => {
      if (entry.contentRect.width === this.width) return; // taller or shorter: nothing to redo
      this.width = entry.contentRect.width;
      this.layout();
    }).observe(this.root);
  }

  // Python's data: the payload (new nodes only when its shape changes, new numbers when its id
  // does) and the step it asks for.
  receive(data) {
    const fresh = data.payloadId !== this.payloadId;
    const classroom = !!data.classroom;
    const restyled = classroom !== this.root.classList.contains("classroom");
    this.root.classList.toggle("classroom", classroom);
    if (data.label) this.root.setAttribute("aria-label", data.label); // set as text, never markup
    if (fresh) {
      this.stop();
      this.payloadId = data.payloadId;
      const shape = shapeOf(data.payload);
      if (shape === this.shape) this.refill(data.payload);
      else this.build(data.payload);
      this.shape = shape;
      this.sizeAsked = false;
    }
    if (fresh || data.step !== this.pythonStep) {
      this.pythonStep = data.step;
      this.reported = data.step; // Python holds this step now
      this.stop();
      this.show(data.step);
    }
    if (data.predict !== this.pythonPredict) {
      this.pythonPredict = data.predict;
      this.predictBox.checked = !!data.predict;
      this.onPredictToggle();
    }
    if (fresh || restyled) this.layout();
  }

  build(payload) {
    this.p = payload;
    const [K, R, C] = payload.steps.shape;
    this.count = K * R * C;
    this.root.replaceChildren();
    this.root.setAttribute("data-steps", String(this.count));
    this.root.appendChild(this.buildControls());
    this.root.appendChild(this.buildPredict());
    this.board = el("div", { class: "cl-panels" });
    this.panels = payload.panels.map((spec) => this.buildPanel(spec));
    this.root.appendChild(this.board);
    this.arith = el("div", { class: "cl-arith", "aria-live": "polite" });
    this.root.appendChild(this.arith);
    this.notice = el("div", { class: "cl-notice" }, payload.notice || "");
    if (payload.notice) this.root.appendChild(this.notice);
    this.step = -1;
  }

  // A payload of the same shape (a new bias, new input values): its numbers into the same nodes.
  refill(payload) {
    this.p = payload;
    payload.panels.forEach((spec, i) => {
      const panel = this.panels[i];
      panel.spec = spec;
      panel.page = -1; // repainted by the next show()
      panel.svg.setAttribute("aria-label", spec.titles[0]);
    });
    this.notice.textContent = payload.notice || "";
    this.step = -1;
  }

  buildControls() {
    const bar = el("div", { class: "cl-bar" });
    const button = (label, title, action) => {
      const b = el("button", { type: "button", title, "aria-label": title }, label);
      b.addEventListener("click", action);
      bar.appendChild(b);
      return b;
    };
    button("«", "First step", () => this.go(0, true));
    button("‹", "Previous step", () => this.go(this.step - 1, true));
    this.playButton = button("Play", "Play", () => (this.playing ? this.pause() : this.play()));
    button("›", "Next step", () => this.next());
    this.speedBox = el("select", { "aria-label": "Speed" });
    for (const [name, ms] of SPEEDS) {
      const option = el("option", { value: String(ms) }, name);
      if (ms === this.speed) option.selected = true;
      this.speedBox.appendChild(option);
    }
    this.speedBox.addEventListener("change", () => (this.speed = Number(this.speedBox.value)));
    bar.appendChild(this.speedBox);
    this.slider = el("input", { type: "range", min: "0", max: String(this.count - 1), value: "0", "aria-label": "Step" });
    this.slider.addEventListener("input", () => this.go(Number(this.slider.value), false));
    this.slider.addEventListener("change", () => this.report());
    bar.appendChild(this.slider);
    this.label = el("span", { class: "cl-label" });
    bar.appendChild(this.label);
    return bar;
  }

  // Everything that depends on the step, in one place.
  show(step) {
    step = Math.max(0, Math.min(this.count - 1, Math.round(Number(step) || 0)));
    this.step = step;
    const [, R, C] = this.p.steps.shape;
    const k = Math.floor(step / (R * C)), r = Math.floor(step / C) % R, c = step % C;
    for (const panel of this.panels) this.showPanel(panel, step, k, r, c);
    this.root.setAttribute("data-step", String(step));
    this.slider.value = String(step);
    this.label.textContent = `Step ${step} of 0–${this.count - 1} · ${this.stepName(step)}`; // 0-based, as the step box and link
    this.arith.textContent = this.arithmetic(step, k, r, c);
  }

  showPanel(panel, step, k, r, c) {
    const spec = panel.spec;
    if (spec.live !== undefined) return this.showLive(panel, step);
    const page = spec.page ? spec.page[k] : 0;
    if (page !== panel.page) {
      panel.page = page;
      this.paint(panel, spec.grids[page]);
      panel.title.textContent = spec.titles[page] ?? spec.titles[0];
    }
    if (panel.grid.reveal) this.reveal(panel, step);
    const w = spec.window;
    if (!w) return;
    const on = !w.on || w.on[k];
    const row = w.rows[r], col = w.cols[c];
    panel.window.setAttribute("visibility", on ? "visible" : "hidden");
    panel.window.setAttribute("x", col);
    panel.window.setAttribute("y", row);
    panel.window.setAttribute("width", (w.kw - 1) * w.dw + 1);
    panel.window.setAttribute("height", (w.kh - 1) * w.dh + 1);
    panel.origin = [row, col];
    this.showTaps(panel, w, row, col, on && (w.dh > 1 || w.dw > 1));
    const winner = this.p.steps.winner;
    if (winner && spec.id === this.p.terms.input[0]) {
      const t = winner[step];
      panel.winner.setAttribute("x", col + (t % w.kw) * w.dw);
      panel.winner.setAttribute("y", row + Math.floor(t / w.kw) * w.dh);
      panel.winner.setAttribute("visibility", "visible");
    }
  }

  // A dilated window reads separate cells: mark each tap so the gaps show.
  showTaps(panel, w, row, col, visible) {
    const need = visible ? w.kh * w.kw : 0;
    while (panel.tapLayer.childNodes.length < need) panel.tapLayer.appendChild(svgEl("rect", { class: "tap", width: 1, height: 1 }));
    [...panel.tapLayer.childNodes].forEach((tap, i) => {
      tap.setAttribute("visibility", i < need ? "visible" : "hidden");
      if (i >= need) return;
      tap.setAttribute("x", col + (i % w.kw) * w.dw);
      tap.setAttribute("y", row + Math.floor(i / w.kw) * w.dh);
    });
  }
}
