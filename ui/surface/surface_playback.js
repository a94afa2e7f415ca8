// Playback and input: the step moved by Play, the arrow keys and clicks, and reported to
// Python when it settles. Loaded after surface.js (ui/surface/__init__.py).

Object.assign(Surface.prototype, {
  go(step, report) {
    if (this.predicting() && step === this.step + 1) return this.ask(step);
    this.show(step);
    if (report) this.reportSoon();
  },

  next() {
    this.go(Math.min(this.count - 1, this.step + 1), true);
  },

  play() {
    if (this.predicting()) return this.next();
    if (this.step >= this.count - 1) this.show(0);
    this.playing = true;
    this.label_(this.playButton, "Pause");
    let last = performance.now();
    const tick = (now) => {
      if (!this.playing) return;
      if (now - last >= this.speed) {
        last = now;
        this.show(this.step + 1);
        if (this.step >= this.count - 1) return this.pause();
      }
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  },

  pause() {
    this.stop();
    this.report();
  },

  stop() {
    this.playing = false;
    cancelAnimationFrame(this.frame);
    clearTimeout(this.pending);
    if (this.playButton) this.label_(this.playButton, "Play");
  },

  label_(button, text) {
    button.textContent = text;
    button.setAttribute("aria-label", text);
    button.title = text;
  },

  // Tell Python the step (one rerun), unless it already holds it.
  report() {
    clearTimeout(this.pending);
    if (this.step === this.reported || !this.send) return;
    this.reported = this.step;
    this.send.setStateValue("step", this.step);
  },

  reportSoon() {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.report(), 250); // held keys: one rerun when they stop
  },

  onKey(e) {
    if (["INPUT", "SELECT", "BUTTON"].includes(e.target.tagName) && e.target !== this.slider) return;
    const moves = { ArrowRight: this.step + 1, ArrowLeft: this.step - 1, Home: 0, End: this.count - 1 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    this.stop();
    this.go(Math.max(0, Math.min(this.count - 1, moves[e.key])), true);
  },

  onClick(e) {
    const cell = e.target.closest && e.target.closest("[data-cell]");
    if (!cell) return;
    const panel = this.panel(cell.getAttribute("data-panel"));
    const [r, c] = cell.getAttribute("data-cell").split(",").map(Number);
    if (this.asked && this.asked.kind === "where") return this.checkWhere(panel, r, c);
    const steps = panel && panel.grid && panel.grid.click;
    if (!steps) return;
    this.stop();
    this.root.focus({ preventScroll: true });
    this.show(steps[r * panel.cols + c]);
    this.report();
  },
});
