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
      window.Plotly.newPlot(element, figure.data || [], layout, CONFIG).then(function () {
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
