// The graph explorer: the concept co-occurrence network drawn with cytoscape.js.
// Nodes are coloured by class and sized by mentions; the filters hide classes and light edges,
// the document selector reloads the network of one document; a click opens the concept page.
(function () {
  "use strict";
  const container = document.getElementById("cy");
  const base = container.dataset.base;
  const colours = {
    Principle: "#c0392b", Domain: "#2e86c1", Organisation: "#28b463",
    Treaty: "#8e44ad", Mechanism: "#d68910", Topic: "#17a589", "": "#7f8c8d",
  };
  const documentFilter = document.getElementById("filter-document");
  const weightFilter = document.getElementById("filter-weight");
  const weightValue = document.getElementById("min-weight-value");
  const summary = document.getElementById("graph-summary");
  const classBoxes = Array.from(document.querySelectorAll(".class-toggle input"));

  const cy = window.cytoscape({
    container: container,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", label: "data(label)", width: "data(size)",
        height: "data(size)", "font-size": 11, "text-valign": "center", color: "#222" } },
      { selector: "edge", style: {
        width: "data(width)", "line-color": "#b3b6b7", opacity: 0.7, "curve-style": "haystack" } },
      { selector: ".hidden", style: { display: "none" } },
    ],
  });
  window.gsiExplorer = cy;

  function localPath(iri) {
    return iri.startsWith(base) ? "/" + iri.slice(base.length) : iri;
  }

  function applyFilters() {
    const shown = new Set(classBoxes.filter((b) => b.checked).map((b) => b.value));
    const minWeight = Number(weightFilter.value);
    weightValue.textContent = String(minWeight);
    cy.batch(function () {
      cy.nodes().forEach((n) => n.toggleClass("hidden", !shown.has(n.data("class"))));
      cy.edges().forEach((e) => e.toggleClass("hidden", e.data("weight") < minWeight
        || e.source().hasClass("hidden") || e.target().hasClass("hidden")));
    });
    const nodes = cy.nodes(":visible").length;
    const edges = cy.edges(":visible").length;
    summary.textContent = summary.dataset.template
      .replace("{nodes}", String(nodes)).replace("{edges}", String(edges));
  }

  function load() {
    const params = new URLSearchParams();
    if (documentFilter.value) { params.set("document", documentFilter.value); }
    fetch(container.dataset.source + "?" + params.toString())
      .then((response) => response.json())
      .then(function (graph) {
        const nodes = graph.elements.nodes.map(function (n) {
          const d = n.data;
          return { data: { id: d.id, label: d.label, class: d["class"], mentions: d.mentions,
            colour: colours[d["class"]] || colours[""], size: 14 + 8 * Math.sqrt(d.mentions),
            href: localPath(d.id) } };
        });
        const edges = graph.elements.edges.map(function (e) {
          const d = e.data;
          return { data: { id: d.id, source: d.source, target: d.target, weight: d.weight,
            width: 1 + Math.log2(d.weight) * 2 } };
        });
        const maxWeight = Math.max(1, ...edges.map((e) => e.data.weight));
        weightFilter.max = String(maxWeight);
        cy.elements().remove();
        cy.add(nodes.concat(edges));
        cy.layout({ name: "cose", animate: false, nodeRepulsion: 8000 }).run();
        applyFilters();
        container.dataset.loaded = "true";
      });
  }

  cy.on("tap", "node", function (event) { window.location.href = event.target.data("href"); });
  documentFilter.addEventListener("change", load);
  weightFilter.addEventListener("input", applyFilters);
  classBoxes.forEach((b) => b.addEventListener("change", applyFilters));
  load();
})();
