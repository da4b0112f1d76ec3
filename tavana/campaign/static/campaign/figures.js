/* Campaign sign-ups by district, stacked by pipeline stage (Chart.js, self-hosted). */
(function () {
  "use strict";
  const data = document.getElementById("campaign-data");
  const canvas = document.getElementById("campaign-chart");
  if (!data || !canvas || !window.Chart) return;
  const d = JSON.parse(data.textContent);
  const fa = (s) => String(s).replace(/[0-9]/g, (x) => "۰۱۲۳۴۵۶۷۸۹"[x]);
  const colours = ["#9aa5ad", "#f2a900", "#1d5c63", "#2e8b57"];
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: d.labels,
      datasets: d.stages.map((label, i) => ({ label, data: d.series[i], backgroundColor: colours[i % colours.length] })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { position: "bottom", rtl: true },
        tooltip: { rtl: true, callbacks: { label: (c) => c.dataset.label + ": " + fa(c.parsed.y) } },
      },
      scales: {
        x: { stacked: true, reverse: true },
        y: { stacked: true, ticks: { callback: (v) => fa(v) } },
      },
    },
  });
})();
