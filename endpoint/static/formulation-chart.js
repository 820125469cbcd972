// Draws the timeline of a concept page's "how the formulation travels" section from the data in
// the canvas's data-chart attribute (endpoint/pages/formulation.py): one stacked bar per year
// (every year from the first to the last, the undated documents last), one colour per genre,
// whole numbers on the axis.
(function () {
  "use strict";
  const canvas = document.getElementById("formulation-chart");
  if (!canvas || !window.Chart) { return; }
  const spec = JSON.parse(canvas.dataset.chart);
  const colours = ["#2e86c1", "#e67e22", "#27ae60", "#8e44ad", "#c0392b", "#16a085", "#d4ac0d",
    "#7f8c8d", "#34495e", "#e84393"];
  const datasets = spec.series.map(function (series, i) {
    return {
      label: series.label,
      data: series.values,
      backgroundColor: colours[i % colours.length],
      borderWidth: 0,
      maxBarThickness: 64,
    };
  });
  const chart = new window.Chart(canvas, {
    type: "bar",
    data: { labels: spec.labels, datasets: datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { stacked: true, ticks: { autoSkip: spec.labels.length > 40 } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: { legend: { display: true, position: "bottom" } },
    },
  });
  canvas.dataset.drawn = "true";
  window.gsikgFormulationChart = chart;
})();
