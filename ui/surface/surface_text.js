// A step's words: its name, the window's values and the arithmetic, all from the payload's
// printed numbers. Loaded after surface.js (ui/surface/__init__.py).

Object.assign(Surface.prototype, {
  stepName(step) {
    const [, R, C] = this.p.steps.shape;
    const [k0, r0, c0] = this.p.steps.offset;
    const k = Math.floor(step / (R * C)) + k0, r = (Math.floor(step / C) % R) + r0, c = (step % C) + c0;
    return this.p.steps.label.replace("{k}", k).replace("{r}", r).replace("{c}", c);
  },

  panel(id) {
    return this.panels.find((p) => p.spec.id === id);
  },

  // The texts of a panel's window taps at its current position (row-major).
  tapTexts(panel) {
    const w = panel.spec.window, [row, col] = panel.origin, out = [];
    for (let i = 0; i < w.kh; i++)
      for (let j = 0; j < w.kw; j++) out.push(panel.grid.text[(row + i * w.dh) * panel.cols + col + j * w.dw]);
    return out;
  },

  value(step) {
    const target = this.panel(this.p.target);
    if (!target) return null;
    const [, R, C] = this.p.steps.shape;
    const r = Math.floor(step / C) % R, c = step % C, k = Math.floor(step / (R * C));
    const grid = this.p.grids[target.spec.grids[target.spec.page ? target.spec.page[k] : 0]];
    return grid.text[r * grid.cols + c];
  },

  // The step's arithmetic as plain text, joined from the engine's printed numbers.
  arithmetic(step, k) {
    const p = this.p, name = this.stepName(step), v = this.value(step);
    if (p.kind === "conv") {
      const lines = p.terms.input.map((id, j) => {
        const xs = this.tapTexts(this.panel(id)), ws = this.tapTexts(this.panel(p.terms.kernel[j]));
        const sum = xs.map((x, i) => `${x}·${signed(ws[i])}`).join(" + ");
        return p.steps.partial.length ? `${this.panel(id).title.textContent}: ${sum} = ${p.steps.partial[step][j]}` : sum;
      });
      const total = p.steps.partial.length ? p.steps.partial[step].join(" + ") : lines.pop();
      const bias = p.steps.bias.length ? ` + bias ${p.steps.bias[k]}` : ""; // the gradients have none
      return [...lines, `${name} = ${total}${bias} = ${v}`].join("\n");
    }
    if (p.kind === "max" || p.kind === "min") return `${name} = ${p.kind}(${this.tapTexts(this.panel("input0")).join(", ")}) = ${v}`;
    if (p.kind === "avg") return `${name} = (${this.tapTexts(this.panel("input0")).join(" + ")}) / ${p.steps.divisor[step]} = ${v}`;
    const source = this.panel(p.terms.input[0]);
    const x = source.grid.text[source.origin[0] * source.cols + source.origin[1]];
    const added = p.panels.filter((q) => q.live !== undefined).map((q) => q.titles[0]).join(", ");
    return `${name} = ${x}: ${added} (${p.steps.live[step].map((s) => s.join(" ")).join(" | ")}) is added into the outlined cells`;
  },
});
