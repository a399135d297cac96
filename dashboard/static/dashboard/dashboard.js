/* Leadership dashboard: draw the plotly figures the page embeds as JSON, size progress bars.
 * No inline scripts (a strict CSP is coming): each chart container names, in data-figure,
 * the id of the <script type="application/json"> that json_script wrote for it. */
(function () {
  "use strict";

  function sizeProgressBars() {
    document.querySelectorAll("[data-progress]").forEach(function (bar) {
      var value = parseFloat(bar.getAttribute("data-progress"));
      if (!isFinite(value)) { value = 0; }
      bar.style.width = Math.max(0, Math.min(100, value)) + "%";
    });
  }

  var CONFIG = {
    responsive: true,
    displaylogo: false,
    displayModeBar: "hover",
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
  };

  // Drill-through: a bar or point whose customdata is a URL (dashboard/charts.py) opens the
  // list of its rows; the cursor says which ones do.
  function linkOf(point) {
    var url = point && point.customdata;
    return typeof url === "string" && url.charAt(0) === "/" ? url : null;
  }

  function hasLinks(figure) {
    return (figure.data || []).some(function (trace) {
      return (trace.customdata || []).some(function (url) { return linkOf({ customdata: url }); });
    });
  }

  function followLinks(element) {
    element.on("plotly_click", function (event) {
      var points = (event && event.points) || [];
      for (var i = 0; i < points.length; i += 1) {
        var url = linkOf(points[i]);
        if (url) { window.location.assign(url); return; }
      }
    });
    element.on("plotly_hover", function (event) {
      var linked = ((event && event.points) || []).some(linkOf);
      element.classList.toggle("chart-drill-hover", linked);
    });
    element.on("plotly_unhover", function () {
      element.classList.remove("chart-drill-hover");
    });
  }

  function drawCharts() {
    if (!window.Plotly) { return []; }
    var drawn = [];
    document.querySelectorAll("[data-figure]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-figure"));
      if (!source) { return; }
      var figure = JSON.parse(source.textContent);
      var layout = figure.layout || {};
      layout.autosize = true;
      // The title is the card's <h3>, which wraps on a phone; plotly's would be cut off.
      if (layout.title) { layout.title = { text: "" }; }
      layout.margin = Object.assign({}, layout.margin, { t: 16 });
      // A unified hover hands every bar of the stack to a click; "closest" hands the one
      // under the pointer, so the right list opens.
      if (hasLinks(figure)) { layout.hovermode = "closest"; }
      window.Plotly.newPlot(element, figure.data || [], layout, CONFIG).then(function () {
        followLinks(element);
        element.classList.add("chart-ready");
      });
      drawn.push(element);
    });
    return drawn;
  }

  function resizeAll(charts) {
    charts.forEach(function (element) { window.Plotly.Plots.resize(element); });
  }

  sizeProgressBars();
  var charts = drawCharts();
  // Printed pages are narrower than the screen: fit the charts to the paper and back.
  window.addEventListener("beforeprint", function () { resizeAll(charts); });
  window.addEventListener("afterprint", function () { resizeAll(charts); });
})();
