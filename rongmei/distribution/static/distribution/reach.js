/*
 * The reach pages (rongmei/distribution/templates/distribution/reach/): the import form's
 * column mapping shown only for "其他平台", and the line charts of `_chart.html`, drawn
 * with the local ECharts file where npm installed it. Kept out of the templates: the
 * Content-Security-Policy allows no inline script.
 */
(function () {
  "use strict";

  function importForm() {
    var form = document.querySelector("[data-reach-import]");
    if (!form) return;
    var layout = form.querySelector("[name=layout]");
    var mapping = form.querySelector("[data-reach-mapping]");
    if (!layout || !mapping) return;
    function toggle() { mapping.hidden = layout.value !== "mapping"; }
    layout.addEventListener("change", toggle);
    toggle();
  }

  // A line chart per `[data-reach-chart="ID"]`, its data ({dates, axes?: [{name, scale}],
  // series: [{name, data, axis?}]}) in the `json_script` tag of that id.
  function charts() {
    var els = document.querySelectorAll("[data-reach-chart]");
    Array.prototype.forEach.call(els, function (el) {
      if (el.getAttribute("data-reach-drawn")) return;
      el.setAttribute("data-reach-drawn", "1");
      if (!window.echarts) {
        el.hidden = true;
        var missing = document.querySelector(".rm-reach-chart-missing");
        if (missing) missing.hidden = false;
        return;
      }
      var source = document.getElementById(el.getAttribute("data-reach-chart"));
      if (!source) return;
      var data = JSON.parse(source.textContent);
      var chart = window.echarts.init(el);
      chart.setOption({
        color: ["#2e6fd8", "#e8684a", "#2ba471", "#f6bd16"],
        tooltip: { trigger: "axis", confine: true },
        legend: { top: 0, type: "scroll" },
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: data.dates, axisLabel: { hideOverlap: true } },
        yAxis: (data.axes || [{}]).map(function (axis, i) {
          return { type: "value", name: axis.name, scale: !!axis.scale, minInterval: 1, splitLine: { show: i === 0, lineStyle: { opacity: 0.35 } } };
        }),
        series: data.series.map(function (s) {
          return { name: s.name, type: "line", data: s.data, yAxisIndex: s.axis || 0, connectNulls: true, showSymbol: data.dates.length < 40 };
        })
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", importForm);
  } else {
    importForm();
  }
  window.addEventListener("load", charts);
})();
