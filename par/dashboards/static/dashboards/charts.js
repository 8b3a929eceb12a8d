// Dashboard charts: each canvas names the json_script block with its figures; the table beside it gives the same.
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  var palette = ["#0d6efd", "#198754", "#e0a800", "#a4161a", "#6f42c1", "#0aa2c0", "#6c757d", "#fd7e14"];
  document.querySelectorAll("canvas.dash-canvas").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var round = data.type !== "doughnut";
    new Chart(canvas, {
      type: data.type,
      data: {
        labels: data.labels,
        datasets: [{
          label: data.label,
          data: data.values,
          backgroundColor: round ? "#0d6efd" : palette,
          borderColor: round ? "#0d6efd" : "#ffffff",
          spanGaps: true,
        }],
      },
      options: {
        maintainAspectRatio: false,
        animation: false, // printed pages show the finished chart
        plugins: { legend: { display: !round } },
        scales: round ? { y: { beginAtZero: true, max: data.percent ? 100 : undefined } } : {},
      },
    });
  });
})();
