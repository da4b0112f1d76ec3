/* Charts of the figures screen (Chart.js, self-hosted). Hidden cells are null. */
(function () {
  "use strict";
  const data = document.getElementById("insights-charts");
  if (!data || !window.Chart) return;
  const charts = JSON.parse(data.textContent);
  const fa = (s) => String(s).replace(/[0-9]/g, (x) => "۰۱۲۳۴۵۶۷۸۹"[x]);
  const colours = ["#1d5c63", "#f2a900", "#2e8b57", "#9aa5ad", "#b5485d"];
  document.querySelectorAll("canvas.insights-chart").forEach((canvas) => {
    const d = charts[Number(canvas.dataset.index)];
    if (!d) return;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: d.labels,
        datasets: d.series.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: colours[i % colours.length] })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { position: "bottom", rtl: true, display: d.series.length > 1 },
          tooltip: { rtl: true, callbacks: { label: (c) => c.dataset.label + ": " + fa(c.parsed.y) } },
        },
        scales: {
          x: { stacked: true, reverse: true },
          y: { stacked: true, ticks: { callback: (v) => fa(v) } },
        },
      },
    });
  });
})();
