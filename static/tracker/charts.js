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

  // A bar of a few days would hide under its event's dot (11 px) once the view spans months: each is
  // drawn at least this wide, from its first day on, after every redraw (a zoom redraws the bars).
  var SHORTEST_BAR_PX = 16;
  var BAR_PATH = /^M([-\d.e]+),([-\d.e]+)V([-\d.e]+)H([-\d.e]+)V([-\d.e]+)Z$/;

  function widenShortBars(element) {
    element.querySelectorAll(".barlayer .trace").forEach(function (group) {
      var trace = group.__data__ && group.__data__[0] && group.__data__[0].trace;
      if (!trace || !/\(duration\)$/.test(trace.name || "")) {
        return;
      }
      group.querySelectorAll("path").forEach(function (path) {
        var parts = BAR_PATH.exec(path.getAttribute("d") || "");
        if (!parts) {
          return;
        }
        var start = Number(parts[1]);
        var end = Number(parts[4]);
        if (Math.abs(end - start) >= SHORTEST_BAR_PX) {
          return;
        }
        var widened = start + (end >= start ? SHORTEST_BAR_PX : -SHORTEST_BAR_PX);
        path.setAttribute("d", "M" + start + "," + parts[2] + "V" + parts[3] + "H" + widened + "V" + parts[5] + "Z");
        path.dataset.widened = "true";
      });
    });
  }

  function showNote(element, adapted) {
    var note = document.createElement("p");
    note.className = "note";
    note.setAttribute("role", "status");
    note.dataset.fallback = adapted.figure.layout.meta.drawn;
    note.textContent = adapted.note;
    element.parentNode.insertBefore(note, element);
  }

  // Display options of the page that mean nothing to a list of events.
  var NOT_FILTERS = ["page", "sort", "group", "terms"];

  // The list of events behind a map marker (a place) or a matrix cell (a pair of countries, or one
  // country on the diagonal), under the rest of the page's filter.
  function listURL(element, customdata, figure) {
    var params = new URLSearchParams(window.location.search);
    NOT_FILTERS.forEach(function (name) {
      params.delete(name);
    });
    if (element.dataset.listLink === "place") {
      params.set("place", customdata);
    } else {
      var codes = customdata.split(",");
      var pairFilter = (figure.layout.meta && figure.layout.meta.pair_filter) || {};
      ["country", "match", "kind", "status"].forEach(function (name) {
        params.delete(name);
      });
      codes.forEach(function (code) {
        params.append("country", code);
      });
      if (codes.length > 1) {
        params.set("match", "all");
      }
      Object.keys(pairFilter).forEach(function (name) {
        pairFilter[name].forEach(function (value) {
          params.append(name, value);
        });
      });
    }
    return element.dataset.listBase + "?" + params.toString();
  }

  // A chart embedded in another site's page (data-open-in="top") opens the tracker's page in the
  // reader's window, as its links do (<base target="_top">), not inside the small frame.
  function go(element, url) {
    var target = element.dataset.openIn === "top" && window.top ? window.top : window;
    // Another origin's window lets a frame set its location.href, not call assign().
    target.location.href = new URL(url, window.location.href).href;
  }

  function listen(element, figure) {
    if (element.dataset.listBase) {
      element.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        if (point && typeof point.customdata === "string" && point.customdata) {
          go(element, listURL(element, point.customdata, figure));
        }
      });
      return;
    }
    if (!element.dataset.eventBase) {
      return;
    }
    var bucket = figure.layout.meta && figure.layout.meta.aggregated;
    element.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      if (!point) {
        return;
      }
      if (typeof point.customdata === "number" || typeof point.customdata === "string") {
        go(element, element.dataset.eventBase + encodeURIComponent(String(point.customdata)) + "/");
      } else if (bucket) {
        go(element, periodURL(String(point.x), bucket));
      }
    });
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source || !window.Plotly) {
      return;
    }
    var original = JSON.parse(source.textContent);
    var fallback = window.TrackerTimelineFallback;
    var adapted = { figure: original, note: null };
    var config = Object.assign({}, CONFIG);
    if (element.dataset.topojson) {
      // World outlines come from our static files, never from a CDN.
      config.topojsonURL = element.dataset.topojson;
    }
    function plot(answer) {
      adapted = answer;
      if (adapted.note) {
        showNote(element, adapted);
      }
      return window.Plotly.newPlot(
        element,
        adapted.figure.data,
        fitted(element, adapted.figure.layout, adapted.figure.data),
        config
      );
    }
    return (fallback ? fallback.prepare(original) : Promise.resolve(adapted))
      .then(plot)
      .then(function () {
        if (fallback && fallback.usesWebGL(adapted.figure) && fallback.refused(element)) {
          // The probe passed but Plotly still refused this figure: draw it without WebGL.
          window.Plotly.purge(element);
          return plot(fallback.adapt(original, true));
        }
      })
      .then(function () {
        var meta = adapted.figure.layout.meta || {};
        // What drew the marks, for the browser bench and tests: "webgl", "svg" or "heatmap".
        element.dataset.drawn = meta.drawn || (meta.webgl ? "webgl" : meta.aggregated ? "heatmap" : "svg");
        listen(element, adapted.figure);
        if (element.dataset.eventBase) {
          widenShortBars(element);
          element.on("plotly_afterplot", function () {
            widenShortBars(element);
          });
        }
        // Milliseconds from navigation to the drawn chart, read by the browser bench (bench/browser.py).
        element.dataset.readyAt = String(Math.round(window.performance.now()));
        element.dataset.ready = "true";
      });
  }

  // The timeline first, the page's headline, and the other charts once it is drawn: drawn together they
  // share the main thread, and the reader waits longer for the one chart that matters most.
  var charts = Array.prototype.slice.call(document.querySelectorAll("[data-figure]"));
  var first = charts.filter(function (element) {
    return element.id === "timeline";
  });
  var rest = charts.filter(function (element) {
    return element.id !== "timeline";
  });
  function drawRest() {
    rest.forEach(draw);
  }
  if (first.length) {
    Promise.resolve(draw(first[0])).then(drawRest, drawRest);
  } else {
    drawRest();
  }
})();
