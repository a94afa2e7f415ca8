// Predict, then see: the surface's question before a step is revealed (where the window goes,
// the value, or before the first step the output size), checked against the engine's
// printed numbers and reported to Python. Loaded after surface.js (ui/surface/__init__.py).

Object.assign(Surface.prototype, {
  buildPredict() {
    const box = el("div", { class: "cl-predict" });
    const toggle = el("label");
    this.predictBox = el("input", { type: "checkbox", "aria-label": "Predict before each step" });
    this.predictBox.addEventListener("change", () => this.onPredictToggle());
    toggle.append(this.predictBox, document.createTextNode(" Predict"));
    this.predictKind = el("select", { "aria-label": "What to predict" });
    this.predictKind.appendChild(el("option", { value: "where" }, "where the window goes"));
    if (this.p.predict.value) this.predictKind.appendChild(el("option", { value: "value" }, "the output value"));
    this.prompt = el("span", { class: "cl-prompt" });
    this.answer = el("input", { type: "text", "aria-label": "Your answer", size: "8", hidden: "" });
    this.answer.addEventListener("keydown", (e) => e.key === "Enter" && this.checkTyped());
    this.checkButton = el("button", { type: "button", hidden: "" }, "Check");
    this.checkButton.addEventListener("click", () => this.checkTyped());
    this.feedback = el("span", { class: "cl-feedback", "aria-live": "polite" });
    box.append(toggle, this.predictKind, this.prompt, this.answer, this.checkButton, this.feedback);
    return box;
  },

  predicting() {
    return this.predictBox.checked;
  },

  onPredictToggle() {
    this.stop();
    this.asked = null;
    this.feedback.textContent = "";
    this.setPrompt("");
    if (this.predicting() && this.step === 0 && !this.sizeAsked && this.p.predict.size) {
      this.asked = { kind: "size", step: 0 };
      this.setPrompt("Before it starts: what size is the output? (rows x cols)", true);
    } else if (this.predicting()) this.setPrompt("Press › or → to predict the next step.");
  },

  setPrompt(text, typed = false) {
    this.prompt.textContent = text;
    this.answer.hidden = !typed;
    this.checkButton.hidden = !typed;
    if (typed) {
      this.answer.value = "";
      this.answer.focus({ preventScroll: true });
    }
  },

  ask(step) {
    const kind = this.predictKind.value;
    this.asked = { kind, step };
    this.feedback.textContent = "";
    if (kind === "where") this.setPrompt(`Step ${step}: click the cell where the window's top-left corner goes.`);
    else this.setPrompt(`Step ${step}: type the value of ${this.stepName(step)}.`, true);
  },

  checkTyped() {
    const asked = this.asked, text = this.answer.value.trim();
    if (!asked || !text) return;
    if (asked.kind === "size") {
      const [rows, cols] = this.p.predict.size;
      const got = (text.match(/\d+/g) || []).map(Number);
      const right = got.length === 2 ? got[0] === rows && got[1] === cols : got.length === 1 && rows === cols && got[0] === rows;
      this.sizeAsked = true;
      return this.answered(asked, text, right, `${rows} x ${cols}`);
    }
    const truth = this.value(asked.step);
    this.answered(asked, text, sameNumber(text, truth), truth);
  },

  checkWhere(panel, r, c) {
    const asked = this.asked, where = this.panel(this.p.predict.where);
    if (!panel || panel !== where) return;
    const w = where.spec.window, [, R, C] = this.p.steps.shape;
    const row = w.rows[Math.floor(asked.step / C) % R], col = w.cols[asked.step % C];
    this.answered(asked, `${r},${c}`, r === row && c === col, `(${row}, ${col})`);
  },

  // Reveal the answer and the step, and tell Python (the session score, a class poll).
  answered(asked, answer, correct, truth) {
    this.asked = null;
    this.setPrompt("");
    this.feedback.textContent = correct ? `Right: ${truth}.` : `Not quite: it is ${truth}.`;
    this.feedback.className = `cl-feedback ${correct ? "right" : "wrong"}`;
    if (asked.kind !== "size") this.show(asked.step);
    this.report();
    if (this.send) this.send.setTriggerValue("prediction", { step: asked.step, kind: asked.kind, answer, correct });
  },
});

// A negative factor in parentheses, as a textbook prints it: 5·(-1).
function signed(text) {
  return text.startsWith("-") ? `(${text})` : text;
}

// Whether a typed number matches the engine's printed value, to the precision it is printed at.
function sameNumber(typed, truthText) {
  const a = Number(typed.replace("−", "-")), b = Number(String(truthText).replace("−", "-"));
  if (!Number.isFinite(a) || !Number.isFinite(b)) return typed === truthText;
  if (Number.isInteger(b) && !/[.e]/i.test(truthText)) return a === b;
  const digits = (truthText.split(".")[1] || "").replace(/e.*/i, "").length;
  return Math.abs(a - b) <= Math.max(0.5 * 10 ** -digits, 0.01 * Math.abs(b));
}
