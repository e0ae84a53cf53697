/* Draws every server-built Plotly figure on the page.
 *
 * Each chart is a <div data-figure="ID"> whose figure JSON sits in <script id="ID" type="application/json">
 * (no inline code, so a strict Content-Security-Policy holds). A chart with data-event-base opens the
 * clicked event's page: each mark carries its event's key in customdata (tracker/marks.py;
 * /events/mark/<key>/ redirects to the event page).
 */
(function () {
  "use strict";

  var CONFIG = {
    responsive: true,
    displaylogo: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
  };

  // An aggregated timeline cell stands for a day, month or year: open the same filter for that period
  // ("2025-06" as both bounds means all of June 2025).
  function periodURL(x, bucket) {
    var period = bucket === "year" ? x.slice(0, 4) : bucket === "month" ? x.slice(0, 7) : x.slice(0, 10);
    var params = new URLSearchParams(window.location.search);
    params.set("start", period);
    params.set("end", period);
    params.delete("page");
    return window.location.pathname + "?" + params.toString();
  }

  // A phone has no room beside the plot: the legend goes under it, and the axes take small, level
  // labels, so the lanes keep the width and their names.
  var NARROW = 600;
  function fitted(element, layout, data) {
    if (element.clientWidth >= NARROW) {
      return layout;
    }
    var narrow = Object.assign({}, layout);
    if (layout.legend) {
      narrow.legend = Object.assign({}, layout.legend, {
        orientation: "h",
        x: 0,
        xanchor: "left",
        y: 0,
        yanchor: "bottom",
        yref: "container",
        font: { size: 11 },
      });
      // The legend's rows come on top of the plot's own height, one row per entry.
      var entries = data.filter(function (trace) {
        return trace.showlegend !== false && trace.name;
      }).length;
      if (layout.height && layout.showlegend !== false) {
        narrow.height = layout.height + 26 * entries;
      }
    }
    if (layout.xaxis) {
      narrow.xaxis = Object.assign({}, layout.xaxis, { tickangle: 0, nticks: 4, tickfont: { size: 10 } });
    }
    if (layout.yaxis) {
      narrow.yaxis = Object.assign({}, layout.yaxis, { tickfont: { size: 10 } });
    }
    return narrow;
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source || !window.Plotly) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    var config = Object.assign({}, CONFIG);
    if (element.dataset.topojson) {
      // World outlines come from our static files, never from a CDN.
      config.topojsonURL = element.dataset.topojson;
    }
    window.Plotly.newPlot(element, figure.data, fitted(element, figure.layout, figure.data), config).then(function () {
      if (element.dataset.eventBase) {
        var bucket = figure.layout.meta && figure.layout.meta.aggregated;
        element.on("plotly_click", function (event) {
          var point = event.points && event.points[0];
          if (!point) {
            return;
          }
          if (typeof point.customdata === "number" || typeof point.customdata === "string") {
            window.location.assign(element.dataset.eventBase + encodeURIComponent(String(point.customdata)) + "/");
          } else if (bucket) {
            window.location.assign(periodURL(String(point.x), bucket));
          }
        });
      }
      element.dataset.ready = "true";
    });
  }

  document.querySelectorAll("[data-figure]").forEach(draw);
})();
