// Draws the chart of a canned query page from the spec in the canvas's data-chart attribute.
(function () {
  "use strict";
  const canvas = document.getElementById("query-chart");
  if (!canvas || !window.Chart) { return; }
  const spec = JSON.parse(canvas.dataset.chart);
  new window.Chart(canvas, {
    type: spec.kind,
    data: { labels: spec.labels, datasets: [{ label: spec.label, data: spec.values }] },
    options: { responsive: true, scales: { y: { beginAtZero: true } } },
  });
})();
