/* The support ladder over time: a stepped line, one step per level change. */
(function () {
  "use strict";
  const data = document.getElementById("ladder-data");
  const canvas = document.getElementById("ladder-chart");
  if (!data || !canvas || !window.Chart) return;
  const ladder = JSON.parse(data.textContent);
  const fa = (s) => String(s).replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]);
  const jalali = (iso) => {
    try {
      return fa(new Date(iso).toLocaleDateString("fa-IR-u-ca-persian-nu-latn"));
    } catch (e) {
      return fa(iso);
    }
  };
  const points = ladder.points.slice();
  if (points.length) points.push({ x: new Date().toISOString().slice(0, 10), y: points[points.length - 1].y });
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: points.map((p) => jalali(p.x)),
      datasets: [{ data: points.map((p) => p.y), stepped: true, borderColor: "#6f42c1", pointRadius: 4, fill: false }],
    },
    options: {
      animation: false,
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => ladder.labels[c.parsed.y - 1] || "" } } },
      scales: {
        y: { min: 1, max: ladder.labels.length, ticks: { stepSize: 1, callback: (v) => ladder.labels[v - 1] || "" } },
        x: { reverse: true },
      },
      font: { family: "Vazirmatn" },
    },
  });
})();
