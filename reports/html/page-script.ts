// The script of report.html, as text: it reads the charts' data (chart-data.ts,
// PageData) from the page's `<script type="application/json" id="report-data">`
// and draws each chart with uPlot (inlined before it). Plain ES2020 for any
// current browser; it is not compiled, so it is kept short and is exercised by
// test/reports/report-html-browser.test.ts in headless Chromium.
//
// It sets text only through `textContent`, never innerHTML, so names in the data
// stay text. The uPlot instances are left in `window.mesosimCharts` (by chart id)
// for the browser test to count their points.
export const PAGE_SCRIPT = String.raw`(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var DASH = { dashed: [6, 4], dotted: [2, 3] };
  // Tick steps on the time axis, in seconds: a second up to four weeks.
  var INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 1209600, 2419200];
  for (var k = 1; k <= 1000; k *= 10) INCRS.push(4838400 * k, 9676800 * k, 24192000 * k);
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  // Simulated seconds as "2d 03h", "5h 07m", "4m 05s" or "12.5s".
  function when(s) {
    if (s === null || s === undefined) return "–";
    var neg = s < 0 ? "-" : "";
    s = Math.abs(s);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    if (d > 0) return neg + d + "d" + (h > 0 ? " " + pad(h) + "h" : "");
    if (h > 0) return neg + h + "h" + (m > 0 ? " " + pad(m) + "m" : "");
    if (m > 0) return neg + m + "m" + (sec >= 1 ? " " + pad(Math.floor(sec)) + "s" : "");
    return neg + Number(sec.toPrecision(3)) + "s";
  }
  function num(v) { return v === null || v === undefined ? "–" : String(Number(v.toPrecision(3))); }
  var charts = {};
  window.mesosimCharts = charts;
  data.charts.forEach(function (c) {
    var el = document.getElementById("chart-" + c.id);
    if (!el) return;
    var x = data.x[c.x];
    var raw = c.series.map(function (s) { return s.values; });
    var order = c.series.map(function (_, i) { return i; });
    var drawn = raw;
    if (c.stacked) {
      // Running sums bottom first, drawn top first, each filled down to 0: the
      // upper bands are painted first and the lower ones over them.
      drawn = [];
      var sum = x.map(function () { return 0; });
      raw.forEach(function (vs) {
        sum = sum.map(function (t, i) { return vs[i] === null || t === null ? null : t + vs[i]; });
        drawn.push(sum);
      });
      order.reverse();
    }
    var series = [{ label: "time", value: function (u, v) { return when(v); } }];
    var plotted = [x];
    order.forEach(function (i) {
      var s = c.series[i];
      series.push({
        label: s.label,
        stroke: s.color,
        width: 1.5,
        dash: s.dash ? DASH[s.dash] : undefined,
        fill: c.stacked ? s.color : undefined,
        points: { show: false },
        // The legend shows each series' own value, not its running sum.
        value: function (u, v, si, idx) { return idx === null ? "–" : num(raw[i][idx]); }
      });
      plotted.push(drawn[i]);
    });
    // A stack (utilization) is zoomed to its lower bands: idle, on top, fills the
    // rest, so that a few per cent used still shows. Other charts start at 0.
    var top = 0;
    (c.stacked ? drawn.slice(0, drawn.length - 1) : drawn).forEach(function (vs) {
      vs.forEach(function (v) { if (v !== null && v > top) top = v; });
    });
    var cap = c.yMax || Infinity;
    function yRange() { return [0, top > 0 ? Math.min(cap, top * 1.15) : Math.min(cap, 1)]; }
    var opts = {
      width: Math.max(320, el.clientWidth),
      height: 260,
      series: series,
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false }, y: { range: yRange } },
      axes: [
        { incrs: INCRS, space: 70, values: function (u, splits) { return splits.map(when); } },
        { label: c.y, size: 60 }
      ]
    };
    charts[c.id] = new uPlot(opts, plotted, el);
  });
  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (id) {
      var u = charts[id];
      var el = document.getElementById("chart-" + id);
      u.setSize({ width: Math.max(320, el.clientWidth), height: 260 });
    });
  });
})();
`;
