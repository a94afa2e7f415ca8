// ConvLab's drawing canvas: mouse, pen or finger strokes on a square canvas. When a stroke ends
// it averages the drawing down to side x side grey levels (0 = background) and reports them as
// the "pixels" state. No framework, no build step, nothing from another host.

const instances = new WeakMap();
const DRAW_PX = 280;
const PEN_PX = 22;

export default function (component) {
  const { data, parentElement } = component;
  let pad = instances.get(parentElement);
  if (!pad) {
    pad = new Pad(parentElement, (data && data.side) || 28);
    instances.set(parentElement, pad);
  }
  pad.send = component;
  return () => {};
}

class Pad {
  constructor(parent, side) {
    this.side = side;
    this.root = document.createElement("div");
    this.root.className = "cl-canvas";
    this.canvas = document.createElement("canvas");
    this.canvas.width = DRAW_PX;
    this.canvas.height = DRAW_PX;
    this.canvas.setAttribute("data-testid", "network-canvas");
    this.canvas.setAttribute("aria-label", "Draw a digit here");
    this.canvas.setAttribute("data-strokes", "0");
    const clear = document.createElement("button");
    clear.type = "button";
    clear.textContent = "Clear";
    clear.addEventListener("click", () => this.clear());
    this.root.append(this.canvas, clear);
    parent.appendChild(this.root);
    this.context = this.canvas.getContext("2d");
    this.clear(false);
    this.strokes = 0;
    this.canvas.addEventListener("pointerdown", (e) => this.start(e));
    this.canvas.addEventListener("pointermove", (e) => this.move(e));
    for (const name of ["pointerup", "pointercancel", "pointerleave"]) {
      this.canvas.addEventListener(name, () => this.end());
    }
  }

  point(e) {
    const box = this.canvas.getBoundingClientRect();
    return [((e.clientX - box.left) * DRAW_PX) / box.width, ((e.clientY - box.top) * DRAW_PX) / box.height];
  }

  start(e) {
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    this.last = this.point(e);
    this.line(this.last, this.last);
  }

  move(e) {
    if (!this.last) return;
    e.preventDefault();
    const next = this.point(e);
    this.line(this.last, next);
    this.last = next;
  }

  line(from, to) {
    const c = this.context;
    c.strokeStyle = "#000";
    c.lineWidth = PEN_PX;
    c.lineCap = "round";
    c.lineJoin = "round";
    c.beginPath();
    c.moveTo(from[0], from[1]);
    c.lineTo(to[0], to[1]);
    c.stroke();
  }

  end() {
    if (!this.last) return;
    this.last = null;
    this.strokes += 1;
    this.canvas.setAttribute("data-strokes", String(this.strokes));
    this.report();
  }

  // The drawing averaged down to side x side: ink is dark on white, reported as 0..255 ink.
  report() {
    const small = document.createElement("canvas");
    small.width = this.side;
    small.height = this.side;
    const s = small.getContext("2d");
    s.imageSmoothingEnabled = true;
    s.imageSmoothingQuality = "high";
    s.drawImage(this.canvas, 0, 0, this.side, this.side);
    const rgba = s.getImageData(0, 0, this.side, this.side).data;
    const pixels = [];
    for (let i = 0; i < rgba.length; i += 4) pixels.push(255 - rgba[i]);
    if (this.send) this.send.setStateValue("pixels", pixels);
  }

  clear(report = true) {
    this.context.fillStyle = "#fff";
    this.context.fillRect(0, 0, DRAW_PX, DRAW_PX);
    if (report && this.send) this.send.setStateValue("pixels", null);
  }
}
