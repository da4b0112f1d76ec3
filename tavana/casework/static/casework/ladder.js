/* The support ladder over time: a stepped line, one step per level change, on a
   real time axis (each point placed by its day; ticks at Jalali month, season or
   year starts, written by the server once each — casework.domain.ladder_chart). */
(function () {
  "use strict";
  const data = document.getElementById("ladder-data");
  const canvas = document.getElementById("ladder-chart");
  if (!data || !canvas || !window.Chart) return;
  const ladder = JSON.parse(data.textContent);
  const tickLabels = new Map(ladder.ticks.map((t) => [t.x, t.label]));
  const span = Math.max(ladder.max - ladder.min, 1);
  const pad = Math.ceil(span * 0.03); // the first and last points are not cut at the edges
  new window.Chart(canvas, {
    type: "line",
    data: {
      datasets: [{
        data: ladder.points,
        stepped: true,
        borderColor: "#6f42c1",
        pointRadius: 4,
        fill: false,
      }],
    },
    options: {
      animation: false,
      layout: { padding: { left: 28 } }, // the last tick's label is not cut at the edge
      parsing: { xAxisKey: "x", yAxisKey: "y" },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => (items.length ? items[0].raw.date : ""),
            label: (c) => ladder.labels[c.parsed.y - 1] || "",
          },
        },
      },
      scales: {
        y: { position: "right", min: 1, max: ladder.labels.length, ticks: { stepSize: 1, callback: (v) => ladder.labels[v - 1] || "" } },
        x: {
          type: "linear",
          reverse: true, // time runs right to left, as the page reads
          min: ladder.min - pad,
          max: ladder.max + pad,
          afterBuildTicks: (scale) => {
            scale.ticks = ladder.ticks.map((t) => ({ value: t.x }));
          },
          ticks: { autoSkip: true, maxRotation: 0, callback: (v) => tickLabels.get(v) || "" },
        },
      },
      font: { family: "Vazirmatn" },
    },
  });
})();
