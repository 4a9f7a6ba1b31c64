/*
 * Charts of the statistics pages, drawn with Apache ECharts (served locally from
 * node_modules by rongmei.reporting.staticfiles, never from a CDN).
 *
 * A container `[data-charts="ID"]` names the `json_script` tag holding its data (built
 * by rongmei/reporting/dashboard.py or series.py); each `[data-chart="NAME"]` inside is
 * drawn by BUILDERS[NAME]. With `data-refresh="URL"` the data is fetched again every
 * `data-interval` seconds (the wall screen). Without ECharts the tables still say it all.
 */
(function () {
  "use strict";

  var COLORS = ["#2e6fd8", "#e8684a", "#2ba471", "#f6bd16", "#9270ca", "#5ad8a6", "#ff9d4d", "#269a99", "#e86452", "#6dc8ec"];
  var LEVEL_COLORS = { "中央": "#d9363e", "省级": "#f08c2e", "市级": "#2e6fd8", "县级": "#2ba471", "其他": "#8c8c8c" };
  var TOP_LEGEND = 10;

  function num(v) {
    if (v === null || v === undefined) return "—";
    if (Math.abs(v) >= 100000000) return (v / 100000000).toFixed(1).replace(/\.0$/, "") + "亿";
    if (Math.abs(v) >= 10000) return (v / 10000).toFixed(1).replace(/\.0$/, "") + "万";
    return String(Math.round(v * 10) / 10);
  }

  function sum(list) {
    return (list || []).reduce(function (a, b) { return a + (b || 0); }, 0);
  }

  function base(ctx) {
    var font = ctx.big ? 16 : 12;
    return {
      color: COLORS,
      backgroundColor: "transparent",
      textStyle: { fontSize: font, fontFamily: "system-ui, -apple-system, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" },
      tooltip: { trigger: "axis", confine: true, valueFormatter: num },
      legend: { top: 0, type: "scroll", textStyle: { fontSize: font } },
      grid: { left: 8, right: 16, top: ctx.big ? 44 : 36, bottom: 8, containLabel: true },
      animationDuration: ctx.refreshing ? 0 : 600
    };
  }

  function categoryAxis(names, ctx, extra) {
    return Object.assign({
      type: "category",
      data: names,
      axisLabel: { fontSize: ctx.big ? 15 : 12, width: ctx.narrow ? 84 : 140, overflow: "truncate", hideOverlap: true },
      axisTick: { alignWithLabel: true }
    }, extra || {});
  }

  function valueAxis(ctx, extra) {
    return Object.assign({
      type: "value",
      minInterval: 1,
      axisLabel: { fontSize: ctx.big ? 14 : 11, formatter: num, hideOverlap: true },
      splitLine: { lineStyle: { opacity: 0.35 } }
    }, extra || {});
  }

  var BUILDERS = {
    monthly: function (data, el, ctx) {
      var m = data.monthly;
      if (!m || !(sum(m.published) + sum(m.adoptions))) return null;
      var cur = data.names.current, prev = data.names.previous;
      var series = [
        { name: cur + "发布", type: "bar", data: m.published, barMaxWidth: 28 },
        { name: cur + "外宣", type: "line", yAxisIndex: 1, data: m.adoptions, smooth: true, symbolSize: 7, lineStyle: { width: 3 } }
      ];
      if (m.previous) {
        series.splice(1, 0, { name: prev + "发布", type: "bar", data: m.previous.published, barMaxWidth: 28, itemStyle: { opacity: 0.45 } });
        series.push({ name: prev + "外宣", type: "line", yAxisIndex: 1, data: m.previous.adoptions, smooth: true, symbol: "none", lineStyle: { type: "dashed", width: 2 } });
      }
      var opt = base(ctx);
      opt.color = ["#2e6fd8", "#9dbdf0", "#e8684a", "#f3b4a4"];
      if (!m.previous) opt.color = ["#2e6fd8", "#e8684a"];
      opt.legend = { bottom: 0, type: "scroll", textStyle: { fontSize: ctx.big ? 16 : 12 } };
      opt.grid.top = ctx.big ? 40 : 32;
      opt.grid.bottom = ctx.big ? 40 : 32;
      opt.xAxis = categoryAxis(m.labels, ctx, { axisLabel: { fontSize: ctx.big ? 15 : 12, hideOverlap: true } });
      opt.yAxis = [
        valueAxis(ctx, { name: "发布（条）", nameTextStyle: { align: "left" } }),
        valueAxis(ctx, { name: "外宣（条）", nameTextStyle: { align: "right" }, splitLine: { show: false } })
      ];
      opt.series = series;
      return opt;
    },

    level: function (data, el, ctx) {
      if (!data.by_level || !data.by_level.length) return null;
      var opt = base(ctx);
      opt.tooltip = { trigger: "item", confine: true, formatter: "{b}：{c}条（{d}%）" };
      opt.legend = { bottom: 0, textStyle: { fontSize: ctx.big ? 16 : 12 } };
      opt.series = [{
        type: "pie",
        radius: ctx.narrow ? ["30%", "55%"] : ["38%", "68%"],
        center: ["50%", "46%"],
        itemStyle: { borderWidth: 2, borderColor: ctx.dark ? "#0d2146" : "#fff" },
        label: { formatter: "{b}\n{c}", fontSize: ctx.big ? 18 : 12, alignTo: "edge", edgeDistance: "3%" },
        labelLine: { length: 12, length2: 0 },
        data: data.by_level.map(function (d) {
          return { name: d.name, value: d.value, itemStyle: { color: LEVEL_COLORS[d.name] } };
        })
      }];
      return opt;
    },

    outlets: function (data, el, ctx) {
      return horizontalBars(data.outlets, "刊播", ctx, "#e8684a");
    },

    columns: function (data, el, ctx) {
      var rows = data.columns || [];
      if (el.dataset.limit) rows = rows.slice(0, Number(el.dataset.limit));
      return horizontalBars(rows, "条（期）", ctx, "#2ba471");
    },

    channels: function (data, el, ctx) {
      var key = el.dataset.only || "views";
      var rows = (data.channels || []).map(function (r) { return { name: r.name, value: r[key] }; });
      rows.sort(function (a, b) { return b.value - a.value; });
      return horizontalBars(rows, key === "views" ? "阅读量" : "发布（条）", ctx, key === "views" ? "#5ad8a6" : "#2e6fd8");
    },

    campaigns: function (data, el, ctx) {
      var rows = data.campaigns || [];
      if (!rows.length) return null;
      rows = rows.slice().reverse();
      var opt = base(ctx);
      opt.tooltip.trigger = "axis";
      opt.yAxis = categoryAxis(rows.map(function (r) { return r.name; }), ctx);
      opt.xAxis = valueAxis(ctx);
      var parts = [["published", "发布"], ["adoptions", "外宣刊播"], ["productions", "作品"], ["live_streams", "直播"]];
      opt.series = parts.map(function (p) {
        return { name: p[1], type: "bar", stack: "all", data: rows.map(function (r) { return r[p[0]]; }), barMaxWidth: 20 };
      });
      return opt;
    },

    group: function (data, el, ctx) {
      var group = (data.groups || []).filter(function (g) { return g.key === el.dataset.group; })[0];
      if (!group) return null;
      var items = group.items;
      var hasPrevious = items.some(function (i) { return i.previous !== null && i.previous !== undefined; });
      if (!sum(items.map(function (i) { return i.value; })) && !(hasPrevious && sum(items.map(function (i) { return i.previous; })))) return null;
      var opt = base(ctx);
      opt.xAxis = categoryAxis(items.map(function (i) { return i.name; }), ctx, {
        axisLabel: { fontSize: ctx.big ? 14 : 11, interval: 0, rotate: items.length > 5 || (ctx.narrow && items.length > 3) ? 30 : 0, width: 80, overflow: "truncate" }
      });
      opt.yAxis = valueAxis(ctx);
      opt.series = [{ name: data.names.current, type: "bar", data: items.map(function (i) { return i.value; }), barMaxWidth: 24 }];
      if (hasPrevious) {
        opt.series.push({ name: data.names.previous, type: "bar", data: items.map(function (i) { return i.previous; }), barMaxWidth: 24, itemStyle: { opacity: 0.5 } });
      }
      return opt;
    },

    trend: function (data, el, ctx) {
      var series = data.series || [];
      if (!series.length) return null;
      var opt = base(ctx);
      var selected = {};
      series.forEach(function (s, i) { selected[s.name] = i < TOP_LEGEND; });
      // The caption names the metric; the legend goes below, clear of the axis.
      opt.legend = { bottom: 0, type: "scroll", selected: selected };
      opt.grid.top = 16;
      opt.grid.bottom = 36;
      opt.tooltip.order = "valueDesc";
      opt.xAxis = categoryAxis(data.labels, ctx, { boundaryGap: false, axisLabel: { hideOverlap: true } });
      opt.yAxis = valueAxis(ctx);
      opt.series = series.map(function (s) {
        return { name: s.name, type: "line", data: s.values, symbolSize: 6, emphasis: { focus: "series" } };
      });
      return opt;
    }
  };

  function horizontalBars(rows, unit, ctx, color) {
    rows = rows || [];
    if (!rows.length || !sum(rows.map(function (r) { return r.value; }))) return null;
    rows = rows.slice().reverse();
    var opt = base(ctx);
    opt.legend.show = false;
    opt.tooltip.trigger = "axis";
    opt.grid.top = 8;
    opt.grid.right = 48;  // room for the value labels
    opt.yAxis = categoryAxis(rows.map(function (r) { return r.name; }), ctx);
    opt.xAxis = valueAxis(ctx);
    opt.series = [{
      name: unit, type: "bar", data: rows.map(function (r) { return r.value; }), barMaxWidth: 20,
      itemStyle: { color: color }, label: { show: true, position: "right", formatter: function (p) { return num(p.value); } }
    }];
    return opt;
  }

  function showEmpty(el, text) {
    var chart = window.echarts && window.echarts.getInstanceByDom(el);
    if (chart) chart.dispose();
    el.classList.add("rm-chart--empty");
    el.textContent = text;
  }

  function draw(root, data, ctx) {
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var builder = BUILDERS[el.dataset.chart];
      var option = builder ? builder(data, el, ctx) : null;
      if (!option) {
        showEmpty(el, "本期没有这项记录");
        return;
      }
      if (el.classList.contains("rm-chart--empty")) {
        el.classList.remove("rm-chart--empty");
        el.textContent = "";
      }
      var chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el, ctx.dark ? "dark" : null);
      chart.setOption(option, true);
    });
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function fillFigures(root, data) {
    (data.figures || []).forEach(function (f) {
      var value = root.querySelector('[data-figure="' + f.key + '"]');
      if (value) value.textContent = num(f.value);
      var change = root.querySelector('[data-change="' + f.key + '"]');
      if (change) {
        change.textContent = f.change === null || f.change === undefined ? "同比 —" : "同比 " + (f.change > 0 ? "+" : "") + f.change + "%";
        change.classList.toggle("is-up", f.change > 0);
        change.classList.toggle("is-down", f.change < 0);
      }
    });
    var list = root.querySelector('[data-list="top"]');
    if (list && data.top) {
      list.innerHTML = data.top.length
        ? data.top.slice(0, 8).map(function (r) {
          return '<li><span class="rm-wall-top-title">' + escapeHtml(r.title) + '</span><span class="rm-wall-top-meta">' +
            escapeHtml(r.channel) + " · " + num(r.views) + "</span></li>";
        }).join("")
        : '<li class="rm-wall-empty">本期暂无发布记录</li>';
    }
    var label = document.querySelector("[data-label]");
    if (label && data.label) label.textContent = data.label;
    var updated = document.querySelector("[data-updated]");
    if (updated && data.updated) updated.textContent = data.updated;
  }

  function startClock() {
    var clock = document.querySelector("[data-clock]");
    if (!clock) return;
    // The center's time zone (settings.TIME_ZONE), whatever the screen's computer says.
    var format;
    try {
      format = new Intl.DateTimeFormat("zh-CN", {
        timeZone: clock.dataset.timeZone || undefined,
        year: "numeric", month: "long", day: "numeric", weekday: "short",
        hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false
      });
    } catch (e) {
      format = new Intl.DateTimeFormat("zh-CN", { dateStyle: "long", timeStyle: "medium" });
    }
    var tick = function () { clock.textContent = format.format(new Date()); };
    tick();
    window.setInterval(tick, 1000);
  }

  function setup(root) {
    var source = document.getElementById(root.dataset.charts);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var ctx = { dark: root.dataset.theme === "dark" };
    var measure = function () {
      ctx.narrow = root.clientWidth < 640;
      ctx.big = ctx.dark && !ctx.narrow;  // wall screen type, except on a phone
    };
    measure();
    fillFigures(root, data);
    if (!window.echarts) {
      var note = root.querySelector(".rm-charts-missing");
      if (note) note.hidden = false;
      root.querySelectorAll("[data-chart]").forEach(function (el) { el.hidden = true; });
      return;
    }
    draw(root, data, ctx);
    var resizeTimer = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(resizeTimer);
      resizeTimer = window.setTimeout(function () {
        var wasNarrow = ctx.narrow;
        measure();
        if (wasNarrow !== ctx.narrow) {
          draw(root, data, ctx);
        }
        root.querySelectorAll("[data-chart]").forEach(function (el) {
          var chart = window.echarts.getInstanceByDom(el);
          if (chart) chart.resize();
        });
      }, 150);
    });
    if (root.dataset.refresh) {
      var seconds = Math.max(Number(root.dataset.interval) || 60, 10);
      window.setInterval(function () {
        fetch(root.dataset.refresh, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) {
            if (!response.ok) throw new Error(response.status);
            return response.json();
          })
          .then(function (fresh) {
            data = fresh;
            ctx.refreshing = true;
            fillFigures(root, data);
            draw(root, data, ctx);
            document.body.classList.remove("is-stale");
          })
          .catch(function () {
            // Keep the last figures on screen; mark them as possibly out of date.
            document.body.classList.add("is-stale");
          });
      }, seconds * 1000);
    }
  }

  function init() {
    startClock();
    document.querySelectorAll("[data-charts]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
