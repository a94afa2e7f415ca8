// ConvLab's network overview: a picture per layout (Python draws them), shown at the container's
// width with the layers' titles and the selected cell's outline on top, and the ten classes'
// probabilities as bars beside the maps (below them when the row is narrow). A CSS container
// query picks the layout. A click reports the picture's pixel, {layout, x, y, t}, as the "click"
// state; Python says which activation that is. Every number and text shown comes from Python and
// is set as text, never as markup. No framework, nothing from another host.

const views = new WeakMap();

export default function (component) {
  const { data, parentElement } = component;
  let view = views.get(parentElement);
  if (!view) {
    view = new Overview(parentElement);
    views.set(parentElement, view);
  }
  view.send = component;
  view.update(data || { layouts: [] });
  return () => {};
}

class Overview {
  constructor(parent) {
    this.root = document.createElement("div");
    this.root.className = "cl-overview";
    this.root.setAttribute("data-testid", "network-overview");
    this.maps = document.createElement("div");
    this.maps.className = "cl-overview-maps";
    this.bars = document.createElement("div");
    this.bars.className = "cl-overview-bars";
    this.bars.setAttribute("role", "list");
    const title = document.createElement("div");
    title.className = "cl-overview-bars-title";
    title.textContent = "Probabilities";
    this.rows = document.createElement("div");
    this.bars.append(title, this.rows);
    this.root.append(this.maps, this.bars);
    parent.appendChild(this.root);
    this.layouts = new Map();
  }

  probabilities(bars, colour) {
    if (this.rows.children.length !== bars.length) {
      this.rows.replaceChildren(
        ...bars.map(() => {
          const row = document.createElement("div");
          row.className = "cl-overview-bar";
          row.setAttribute("role", "listitem");
          const label = document.createElement("span");
          const track = document.createElement("span");
          track.className = "cl-overview-track";
          const fill = document.createElement("span");
          track.appendChild(fill);
          const text = document.createElement("span");
          row.append(label, track, text);
          return row;
        })
      );
    }
    bars.forEach((bar, i) => {
      const [label, track, text] = this.rows.children[i].children;
      label.textContent = bar.label;
      text.textContent = bar.text;
      track.firstChild.style.width = `${Math.max(0, Math.min(1, Number(bar.value) || 0)) * 100}%`;
      track.firstChild.style.background = bar.predicted ? colour : "#9ca3af";
      this.rows.children[i].classList.toggle("cl-predicted", Boolean(bar.predicted));
    });
  }

  update(data) {
    this.root.style.setProperty("--cl-highlight", data.highlight || "#e11d48");
    if (data.alt) this.root.setAttribute("aria-label", data.alt);
    this.probabilities(data.probabilities || [], data.predicted || "#0f766e");
    for (const layout of data.layouts) {
      let shown = this.layouts.get(layout.name);
      if (!shown) {
        shown = this.build(layout.name);
        this.layouts.set(layout.name, shown);
      }
      if (shown.src !== layout.src) {
        shown.img.src = layout.src; // a new digit or model: the picture is replaced, once
        shown.src = layout.src;
      }
      shown.box.setAttribute("data-size", `${layout.width}x${layout.height}`);
      shown.box.style.aspectRatio = `${layout.width} / ${layout.height}`;
      shown.width = layout.width;
      shown.height = layout.height;
      const titles = layout.titles.map(([text, x, y]) => `${text}@${x},${y}`).join(";");
      if (shown.titles !== titles) {
        shown.titles = titles;
        shown.labels.replaceChildren(
          ...layout.titles.map(([text, x, y]) => {
            const label = document.createElement("span");
            label.textContent = text; // text, never markup
            label.style.left = `${(100 * x) / layout.width}%`;
            label.style.top = `${(100 * y) / layout.height}%`;
            return label;
          })
        );
      }
      const [x, y, w, h] = layout.outline;
      Object.assign(shown.outline.style, {
        left: `${(100 * x) / layout.width}%`,
        top: `${(100 * y) / layout.height}%`,
        width: `${(100 * w) / layout.width}%`,
        height: `${(100 * h) / layout.height}%`,
      });
      shown.outline.setAttribute("data-rect", layout.outline.join(","));
    }
  }

  build(name) {
    const box = document.createElement("div");
    box.className = `cl-overview-layout cl-overview-${name}`;
    box.setAttribute("data-layout", name);
    const img = document.createElement("img");
    img.alt = "Every layer's activation maps, from the input to the ten class scores";
    img.draggable = false;
    const labels = document.createElement("div");
    labels.className = "cl-overview-titles";
    const outline = document.createElement("div");
    outline.className = "cl-overview-outline";
    box.append(img, labels, outline);
    this.maps.appendChild(box);
    const shown = { box, img, labels, outline, src: "", titles: "", width: 1, height: 1 };
    img.addEventListener("click", (e) => {
      const rect = img.getBoundingClientRect();
      const x = Math.floor(((e.clientX - rect.left) * shown.width) / rect.width);
      const y = Math.floor(((e.clientY - rect.top) * shown.height) / rect.height);
      if (this.send) this.send.setStateValue("click", { layout: name, x, y, t: Date.now() });
    });
    return shown;
  }
}
