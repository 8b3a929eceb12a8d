// The plan timeline: dated milestones per area (y) by month (x), coloured by the status of their task.
// Data comes from the page's json_script block; the table under the chart gives the same figures.
(function () {
  "use strict";
  var canvas = document.getElementById("plan-timeline");
  var source = document.getElementById("plan-timeline-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var colours = {
    not_started: "#6c757d",
    in_progress: "#0d6efd",
    due_soon: "#e0a800",
    overdue: "#a4161a",
    done_on_time: "#198754",
    done_late: "#0aa2c0",
    cancelled: "#212529",
  };
  var byStatus = {};
  data.points.forEach(function (p) {
    // A category axis takes the area's name as the y value.
    var point = Object.assign({}, p, { y: data.areas[p.y] });
    (byStatus[p.status] = byStatus[p.status] || []).push(point);
  });
  var datasets = Object.keys(data.statuses)
    .filter(function (s) { return byStatus[s]; })
    .map(function (s) {
      return {
        label: data.statuses[s],
        data: byStatus[s],
        backgroundColor: colours[s],
        borderColor: "#ffffff",
        borderWidth: 1,
        pointRadius: 7,
        pointHoverRadius: 9,
      };
    });
  var xs = data.points.map(function (p) { return p.x; });
  var minX = Math.min.apply(null, xs.concat([1])) - 0.5;
  var maxX = Math.max.apply(null, xs.concat([12])) + 0.5;
  function monthLabel(value) {
    var index = Math.round(value) - 1;
    var year = data.year + Math.floor(index / 12);
    var month = ((index % 12) + 12) % 12 + 1;
    return (month < 10 ? "0" : "") + month + "/" + year;
  }
  new Chart(canvas, {
    type: "scatter",
    data: { datasets: datasets },
    options: {
      aspectRatio: 2.4,
      animation: false,
      scales: {
        x: {
          type: "linear",
          min: minX,
          max: maxX,
          afterBuildTicks: function (axis) {
            var ticks = [];
            for (var v = Math.ceil(minX); v <= Math.floor(maxX); v++) ticks.push({ value: v });
            axis.ticks = ticks;
          },
          ticks: { callback: function (v) { return monthLabel(v); } },
          title: { display: true, text: canvas.dataset.monthLabel },
        },
        y: { type: "category", labels: data.areas, offset: true },
      },
      plugins: {
        legend: { position: "bottom" },
        tooltip: {
          mode: "point",
          callbacks: {
            label: function (ctx) {
              var p = ctx.raw;
              return p.date + " · " + p.task + ". " + (p.label || p.text);
            },
          },
        },
      },
    },
  });
})();
