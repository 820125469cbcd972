// Draws the chart of a canned query page from the data in the canvas's data-chart attribute
// (endpoint/pages/charts.py): labels, not IRIs; every year; undated rows apart; whole numbers
// on the axis for counts.
(function () {
  "use strict";
  const canvas = document.getElementById("query-chart");
  if (!canvas || !window.Chart) { return; }
  const spec = JSON.parse(canvas.dataset.chart);
  const labels = spec.labels.slice();
  const datasets = [{
    type: spec.kind,
    label: spec.label,
    data: spec.values.slice(),
    backgroundColor: "rgba(46, 134, 193, 0.6)",
    borderColor: "#2e86c1",
    pointRadius: 4,
    tension: 0,
  }];
  if (spec.undated !== null) {
    labels.push(spec.undated_label);
    datasets[0].data.push(null);
    datasets.push({
      type: "bar",
      label: spec.label + " (" + spec.undated_label + ")",
      data: spec.values.map(() => null).concat([spec.undated]),
      backgroundColor: "rgba(170, 183, 184, 0.8)",
      borderColor: "#7f8c8d",
      borderWidth: 1,
    });
  }
  const chart = new window.Chart(canvas, {
    data: { labels: labels, datasets: datasets },
    options: {
      responsive: true,
      scales: {
        x: { ticks: { autoSkip: labels.length > 40 } },
        y: { beginAtZero: true, ticks: spec.integer ? { precision: 0 } : {} },
      },
      plugins: { legend: { display: datasets.length > 1 } },
    },
  });
  canvas.dataset.drawn = "true";
  window.gsikgChart = chart;
})();
