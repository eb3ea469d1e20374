/* Dashboards: turn the chart data embedded in the page (#chart-data) into ECharts charts. */
(function () {
  "use strict";
  var holder = document.getElementById("chart-data");
  if (!holder || typeof echarts === "undefined") { return; }
  var charts = JSON.parse(holder.textContent);
  var palette = ["#1f6feb", "#f0883e", "#2da44e", "#8250df", "#cf222e", "#bf8700"];

  function option(c) {
    var base = { color: palette, tooltip: { trigger: c.kind === "pie" ? "item" : "axis" },
                 legend: { top: 0, type: "scroll" }, animation: false };
    if (c.kind === "pie") {
      base.series = [{ type: "pie", radius: ["35%", "65%"], top: 30,
        label: { formatter: "{b}：{c}" + c.unit + "（{d}%）" },
        data: c.categories.map(function (name, i) { return { name: name, value: c.series[0].data[i] }; }) }];
      return base;
    }
    var horizontal = c.kind === "hbar";
    var category = { type: "category", data: c.categories, axisLabel: { interval: 0, width: 150, overflow: "truncate", hideOverlap: true } };
    var value = { type: "value", name: c.unit };
    if (["个", "人", "项", "家", "份"].indexOf(c.unit) >= 0) { value.minInterval = 1; }  // counts: whole steps
    if (horizontal) { category.inverse = true; }
    base.grid = { left: horizontal ? 170 : 50, right: 30, top: 40, bottom: horizontal ? 30 : 60 };
    if (!horizontal) { category.axisLabel.rotate = c.categories.length > 6 ? 30 : 0; category.axisLabel.width = 90; }
    base.xAxis = horizontal ? value : category;
    base.yAxis = horizontal ? category : value;
    base.series = c.series.map(function (s) {
      return { name: s.name, type: c.kind === "line" ? "line" : "bar", data: s.data,
               stack: c.kind === "stack" ? "total" : undefined, connectNulls: true,
               label: { show: c.categories.length <= 12 && c.kind !== "stack", position: horizontal ? "right" : "top" } };
    });
    return base;
  }

  charts.forEach(function (c) {
    var el = document.getElementById("chart-" + c.key);
    if (!el) { return; }
    if (!c.categories.length) { el.textContent = "暂无数据"; el.classList.add("empty"); return; }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option(c));
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
