// The graph explorer: the concept co-occurrence network drawn with cytoscape.js, laid out by fcose.
// The server cuts the network (/exports/cooccurrence.cyjs?top=N&…, by document and years too):
// only the N heaviest links (a slider) and the concepts they join, so no isolated node, and the
// browser never holds the whole network. ?concept= (a slug, IRI or label) draws that concept's
// network instead: its heaviest links, then the links among its neighbours. Every filter lays
// the graph out again, then pushes apart any labels still overlapping. Nodes are coloured by
// class and sized by mentions, edges are as wide as they are heavy; a click opens the concept
// page. PNG (cytoscape) and SVG (written here from the positions) downloads.
(function () {
  "use strict";
  const container = document.getElementById("cy");
  const base = container.dataset.base;
  const lang = container.dataset.lang === "en" ? "en" : "zh";
  const FONT = "\"Noto Sans CJK SC\", \"WenQuanYi Micro Hei\", \"PingFang SC\", system-ui, sans-serif";
  const FONT_SIZE = 16;
  const EGO_FONT_SIZE = 19;
  const LABEL_GAP = 3;
  const DEFAULT_TOP = 60;
  // The slider's end: more links than this make a hairball again (the address may ask for more).
  const MAX_TOP = 400;
  const controls = {
    concept: document.getElementById("filter-concept"),
    clear: document.getElementById("clear-concept"),
    names: document.getElementById("concept-names"),
    missing: document.getElementById("concept-missing"),
    document: document.getElementById("filter-document"),
    from: document.getElementById("filter-from"),
    to: document.getElementById("filter-to"),
    top: document.getElementById("filter-top"),
    topValue: document.getElementById("top-value"),
    summary: document.getElementById("graph-summary"),
    classes: Array.from(document.querySelectorAll(".class-toggle input")),
  };
  const classNames = {};
  document.querySelectorAll(".legend-class").forEach(function (item) {
    classNames[item.dataset.class] = item.textContent.trim();
  });

  const cy = window.cytoscape({
    container: container,
    maxZoom: 2.5,
    minZoom: 0.05,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", label: "data(label)", width: "data(size)",
        height: "data(size)", "font-size": FONT_SIZE, "font-family": FONT, color: "#1c2833",
        "text-valign": "bottom", "text-margin-y": LABEL_GAP, "text-wrap": "wrap",
        "text-max-width": 1000, "text-outline-color": "#ffffff", "text-outline-width": 2,
        "text-outline-opacity": 0.85 } },
      { selector: "node.ego", style: {
        "border-width": 4, "border-color": "#1c2833", "font-size": EGO_FONT_SIZE,
        "font-weight": "bold", "z-index": 10 } },
      { selector: "edge", style: {
        width: "data(width)", "line-color": "#aab7b8", opacity: 0.75, "curve-style": "haystack" } },
      { selector: "edge.ego-link", style: { "line-color": "#5d6d7e" } },
    ],
  });
  window.gsiExplorer = cy;

  const query = new URLSearchParams(window.location.search);
  let egoName = (query.get("concept") || "").trim();
  let ego = null;
  const names = new Set();
  let lastTotal = 0;
  let loads = 0;
  let layouts = 0;
  let wantedTop = Number(query.get("top")) || DEFAULT_TOP;
  controls.document.value = query.get("document") || "";
  controls.from.value = query.get("from") || "";
  controls.to.value = query.get("to") || "";
  controls.concept.value = egoName;

  function localPath(iri) {
    return iri.startsWith(base) ? "/" + iri.slice(base.length) : iri;
  }

  // A label in lines: Chinese about 8 characters a line, other scripts up to 22 (a longer word
  // stands alone), never breaking a run of Latin letters or digits, never opening a line with
  // punctuation.
  function wrapLabel(text) {
    const chinese = /[\u3400-\u9fff]/.test(text);
    const most = chinese ? 8 : 22;
    const tokens = chinese ? text.match(/[A-Za-z0-9.+-]+|./gu) : text.split(/\s+/);
    const length = tokens.join(chinese ? "" : " ").length;
    if (length <= most) { return [tokens.join(chinese ? "" : " ")]; }
    // Chinese lines of even length (no line of one or two characters); words fill their lines.
    const width = chinese ? Math.ceil(length / Math.ceil(length / most)) : most;
    const lines = [];
    let line = "";
    tokens.forEach(function (token) {
      const joined = line && !chinese ? line + " " + token : line + token;
      if (line && joined.length > width && !/^[、，。：；）》」’”]/.test(token)) {
        lines.push(line);
        line = token;
      } else {
        line = joined;
      }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function findConcept(name) {
    if (!name) { return null; }
    const iri = /^https?:\/\//.test(name) ? name : base + "concept/" + name;
    if (cy.getElementById(iri).nonempty()) { return iri; }
    const wanted = name.toLowerCase();
    const found = cy.nodes().filter(function (n) {
      return [n.data("label_zh"), n.data("label_en")].some((l) => l && l.toLowerCase() === wanted);
    });
    return found.nonempty() ? found[0].id() : null;
  }

  function showMissing(name) {
    controls.missing.hidden = !name;
    controls.missing.textContent = controls.missing.dataset.template.replace("{name}", name);
  }

  // Mark the concept at the centre and its links, width the edges by weight, count what shows.
  function draw(total) {
    ego = findConcept(egoName);
    if (ego) { controls.concept.value = cy.getElementById(ego).data("name"); }
    const weights = cy.edges().map((e) => e.data("weight"));
    const heaviest = Math.max(1, ...weights);
    const lightest = Math.min(heaviest, ...weights);
    cy.batch(function () {
      cy.edges().forEach(function (e) {
        const share = heaviest > lightest ? (e.data("weight") - lightest) / (heaviest - lightest) : 1;
        e.data("width", 1 + 7 * share);
        if (ego && (e.source().id() === ego || e.target().id() === ego)) { e.addClass("ego-link"); }
      });
      if (ego) { cy.getElementById(ego).addClass("ego"); }
    });
    controls.summary.textContent = controls.summary.dataset.template
      .replace("{nodes}", String(cy.nodes().length))
      .replace("{edges}", String(cy.edges().length))
      .replace("{total}", String(total));
    document.querySelectorAll(".legend-class").forEach(function (item) {
      item.hidden = cy.nodes().filter((n) => n.data("cls") === item.dataset.class).empty();
    });
    document.querySelector(".legend-ego").hidden = !ego;
    remember();
    relayout();
  }

  // The filters in the address, so that a view can be bookmarked and shared.
  function remember() {
    const params = new URLSearchParams();
    if (ego) {
      const concept = base + "concept/";
      params.set("concept", ego.startsWith(concept) ? ego.slice(concept.length) : ego);
    }
    ["document", "from", "to"].forEach(function (name) {
      if (controls[name].value) { params.set(name, controls[name].value); }
    });
    if (wantedTop !== DEFAULT_TOP) { params.set("top", String(wantedTop)); }
    const search = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
  }

  function relayout() {
    const shown = cy.elements();
    container.dataset.state = "layout";
    if (shown.nodes().empty()) { finished(); return; }
    const layout = shown.layout({
      name: "fcose", quality: "proof", randomize: true, animate: false, fit: false,
      nodeDimensionsIncludeLabels: true, packComponents: true, nodeSeparation: 60,
      idealEdgeLength: () => 60, nodeRepulsion: () => 8000, edgeElasticity: () => 0.35,
      gravity: 0.3, numIter: 2500,
    });
    layout.one("layoutstop", function () {
      separate(shown.nodes());
      stretch(shown);
      cy.fit(shown, 24);
      finished();
    });
    layout.run();
  }

  function finished() {
    layouts += 1;
    container.dataset.layouts = String(layouts);
    container.dataset.state = "ready";
    container.dataset.loaded = "true";
  }

  // Push apart the nodes whose boxes (body and label) still overlap after the layout, along the
  // axis where they overlap least, until none does.
  function separate(nodes) {
    const margin = 3;
    const items = nodes.map(function (n) {
      const box = n.boundingBox({ includeLabels: true, includeOverlays: false });
      const at = n.position();
      return { node: n, x: at.x, y: at.y, left: box.x1 - at.x - margin, right: box.x2 - at.x + margin,
        top: box.y1 - at.y - margin, bottom: box.y2 - at.y + margin };
    });
    for (let round = 0; round < 400; round += 1) {
      let moved = false;
      for (let i = 0; i < items.length; i += 1) {
        for (let j = i + 1; j < items.length; j += 1) {
          const a = items[i];
          const b = items[j];
          const dx = Math.min(a.x + a.right, b.x + b.right) - Math.max(a.x + a.left, b.x + b.left);
          const dy = Math.min(a.y + a.bottom, b.y + b.bottom) - Math.max(a.y + a.top, b.y + b.top);
          if (dx <= 0 || dy <= 0) { continue; }
          moved = true;
          if (dx < dy) {
            const sign = a.x + (a.left + a.right) / 2 <= b.x + (b.left + b.right) / 2 ? 1 : -1;
            a.x -= sign * (dx / 2 + 0.5);
            b.x += sign * (dx / 2 + 0.5);
          } else {
            const sign = a.y + (a.top + a.bottom) / 2 <= b.y + (b.top + b.bottom) / 2 ? 1 : -1;
            a.y -= sign * (dy / 2 + 0.5);
            b.y += sign * (dy / 2 + 0.5);
          }
        }
      }
      if (!moved) { break; }
    }
    cy.batch(function () { items.forEach((item) => item.node.position({ x: item.x, y: item.y })); });
  }

  // Spread the nodes along the canvas's longer side until the drawing has the canvas's shape, so
  // that fitting it leaves no margin unused and the labels are drawn larger. Moving centres apart
  // along one axis keeps apart the boxes that were.
  function stretch(shown) {
    const box = shown.boundingBox({ includeLabels: true, includeOverlays: false });
    if (box.w <= 0 || box.h <= 0) { return; }
    const ratio = (container.clientWidth / container.clientHeight) / (box.w / box.h);
    const middle = { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 };
    cy.batch(function () {
      shown.nodes().forEach(function (n) {
        const at = n.position();
        n.position(ratio > 1
          ? { x: middle.x + (at.x - middle.x) * ratio, y: at.y }
          : { x: at.x, y: middle.y + (at.y - middle.y) / ratio });
      });
    });
  }

  function build(graph) {
    const most = Math.max(1, ...graph.elements.nodes.map((n) => n.data.mentions));
    const nodes = graph.elements.nodes.map(function (n) {
      const d = n.data;
      const name = (lang === "en" ? d.label_en : d.label_zh) || d.label;
      return { data: { id: d.id, name: name, label: wrapLabel(name).join("\n"),
        label_zh: d.label_zh, label_en: d.label_en, cls: d["class"], mentions: d.mentions,
        colour: d.colour, size: 14 + 30 * Math.sqrt(d.mentions / most), href: localPath(d.id) } };
    });
    const edges = graph.elements.edges.map(function (e) {
      const d = e.data;
      return { data: { id: d.id, source: d.source, target: d.target, weight: d.weight, width: 1 } };
    });
    cy.elements().remove();
    cy.add(nodes.concat(edges));
    nodes.forEach((n) => names.add(n.data.name));
    controls.names.replaceChildren(...Array.from(names).sort().map(function (name) {
      const option = document.createElement("option");
      option.value = name;
      return option;
    }));
    const total = graph.data.total_edges;
    lastTotal = total;
    controls.top.max = String(Math.max(Number(controls.top.min), Math.min(MAX_TOP, total)));
    controls.top.value = String(Math.min(wantedTop, total));
    controls.topValue.textContent = String(Math.min(wantedTop, total));
    draw(total);
  }

  // The view the filters ask for, cut by the server.
  function load() {
    loads += 1;
    const ticket = loads;
    if (controls.from.value && controls.to.value && controls.from.value > controls.to.value) {
      [controls.from.value, controls.to.value] = [controls.to.value, controls.from.value];
    }
    const params = new URLSearchParams({ top: String(wantedTop) });
    ["document", "from", "to"].forEach(function (name) {
      if (controls[name].value) { params.set(name, controls[name].value); }
    });
    if (egoName) { params.set("concept", egoName); }
    const checked = controls.classes.filter((b) => b.checked);
    if (checked.length === 0) {
      cy.elements().remove();
      draw(lastTotal);
      return;
    }
    if (checked.length < controls.classes.length) {
      checked.forEach((b) => params.append("class", b.value));
    }
    container.dataset.state = "loading";
    fetch(container.dataset.source + "?" + params.toString())
      .then(function (response) {
        if (response.status === 404 && egoName) {
          // A concept this network does not hold: say so, and show the network without it.
          showMissing(egoName);
          egoName = "";
          return null;
        }
        if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
        return response.json();
      })
      .then(function (graph) {
        if (ticket !== loads) { return; }
        if (graph === null) { load(); return; }
        build(graph);
      })
      .catch(function (error) {
        controls.summary.textContent = String(error);
        container.dataset.state = "error";
      });
  }

  function escapeXml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;",
      "\"": "&quot;", "'": "&apos;" })[c]);
  }

  const round = (value) => Math.round(value * 10) / 10;

  // The shown graph as SVG, from the positions on screen: edges, nodes, labels, a legend.
  function svgDocument() {
    const shown = cy.elements();
    const box = shown.boundingBox({ includeLabels: true, includeOverlays: false });
    const pad = 20;
    const legendHeight = 30;
    const width = round(box.w + 2 * pad);
    const height = round(box.h + 2 * pad + legendHeight);
    const x = (value) => round(value - box.x1 + pad);
    const y = (value) => round(value - box.y1 + pad + legendHeight);
    const out = [
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT)}">`,
      `<title>${escapeXml(controls.summary.textContent)}</title>`,
      "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>",
      "<g class=\"legend\" font-size=\"12\" fill=\"#5d6d7e\">",
    ];
    let left = pad;
    Object.keys(classNames).forEach(function (cls) {
      const member = shown.nodes().filter((n) => n.data("cls") === cls);
      if (member.empty()) { return; }
      out.push(`<circle cx="${left + 6}" cy="${pad / 2 + 8}" r="6" fill="${member[0].data("colour")}"/>`);
      out.push(`<text x="${left + 16}" y="${pad / 2 + 12}">${escapeXml(classNames[cls])}</text>`);
      left += 30 + 13 * classNames[cls].length;
    });
    out.push("</g>", "<g class=\"edges\" stroke-linecap=\"round\" stroke-opacity=\"0.75\">");
    shown.edges().forEach(function (e) {
      const s = e.source().position();
      const t = e.target().position();
      const colour = e.hasClass("ego-link") ? "#5d6d7e" : "#aab7b8";
      out.push(`<line x1="${x(s.x)}" y1="${y(s.y)}" x2="${x(t.x)}" y2="${y(t.y)}" stroke="${colour}" stroke-width="${round(e.data("width"))}"/>`);
    });
    out.push("</g>", "<g class=\"nodes\">");
    shown.nodes().forEach(function (n) {
      const at = n.position();
      const radius = n.data("size") / 2;
      const isEgo = n.hasClass("ego");
      const size = isEgo ? EGO_FONT_SIZE : FONT_SIZE;
      const ring = isEgo ? " stroke=\"#1c2833\" stroke-width=\"4\"" : "";
      out.push(`<g class="node"><title>${escapeXml(n.data("name"))}</title>`);
      out.push(`<circle cx="${x(at.x)}" cy="${y(at.y)}" r="${round(radius)}" fill="${n.data("colour")}"${ring}/>`);
      const lines = n.data("label").split("\n");
      const weight = isEgo ? " font-weight=\"bold\"" : "";
      // One line of markup: white space between the lines would become part of the text.
      const spans = lines.map((line, index) => `<tspan x="${x(at.x)}" dy="${index === 0 ? 0 : round(size * 1.2)}">${escapeXml(line)}</tspan>`);
      out.push(`<text x="${x(at.x)}" y="${y(at.y + radius + LABEL_GAP + size)}" font-size="${size}"${weight} text-anchor="middle" fill="#1c2833" stroke="#ffffff" stroke-width="2" paint-order="stroke">${spans.join("")}</text></g>`);
    });
    out.push("</g>", "</svg>");
    return out.join("\n");
  }

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function fileName(extension) {
    const parts = ["gsi-kg-network"];
    if (ego) { parts.push(ego.split("/").pop()); }
    if (controls.document.value) { parts.push(controls.document.value); }
    if (controls.from.value || controls.to.value) { parts.push((controls.from.value || "") + "-" + (controls.to.value || "")); }
    return parts.join("_") + "." + extension;
  }

  cy.on("tap", "node", function (event) { window.location.href = event.target.data("href"); });
  controls.document.addEventListener("change", load);
  controls.from.addEventListener("change", load);
  controls.to.addEventListener("change", load);
  controls.top.addEventListener("input", function () { controls.topValue.textContent = controls.top.value; });
  controls.top.addEventListener("change", function () {
    wantedTop = Number(controls.top.value);
    load();
  });
  controls.classes.forEach((box) => box.addEventListener("change", load));
  controls.concept.addEventListener("change", function () {
    egoName = controls.concept.value.trim();
    showMissing("");
    load();
  });
  controls.clear.addEventListener("click", function () {
    egoName = "";
    controls.concept.value = "";
    showMissing("");
    load();
  });
  document.getElementById("download-png").addEventListener("click", function () {
    save(cy.png({ output: "blob", bg: "#ffffff", full: true, scale: 2 }), fileName("png"));
  });
  document.getElementById("download-svg").addEventListener("click", function () {
    save(new Blob([svgDocument()], { type: "image/svg+xml" }), fileName("svg"));
  });
  load();
})();
