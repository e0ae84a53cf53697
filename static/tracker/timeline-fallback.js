/* The timeline in a browser without WebGL.
 *
 * Past tracker.charts.timeline.GL_THRESHOLD marks the server sends WebGL traces (scattergl). Where the
 * browser offers no WebGL (virtual desktops, locked-down machines, headless Chromium), Plotly would show a
 * grey box linking to an outside site instead. So before drawing, such a figure is rewritten: up to
 * layout.meta.svg_limit marks become plain SVG traces (every mark kept, clicks still open events); past
 * it the marks are counted per lane and period into a heat map, like the server's own for very large
 * views (tracker/charts/heatmap.py), whose cells open that period's events.
 */
(function () {
  "use strict";

  var DAY_MS = 86400000;
  // The period a cell counts, as tracker.domain.dates.period_unit_for_span chooses it.
  var DAYS_UP_TO = 731;
  var MONTHS_UP_TO = 40 * 366;

  function hasWebGL() {
    try {
      var canvas = document.createElement("canvas");
      return Boolean(
        window.WebGLRenderingContext && (canvas.getContext("webgl") || canvas.getContext("experimental-webgl"))
      );
    } catch (error) {
      return false;
    }
  }

  // A Plotly typed array ({dtype, bdata}: base64, little-endian) or a plain array, as numbers.
  var ARRAYS = { f8: Float64Array, i4: Int32Array, u4: Uint32Array, i1: Int8Array };
  function numbers(column) {
    if (!column || Array.isArray(column)) {
      return column || [];
    }
    var bytes = atob(column.bdata);
    var buffer = new Uint8Array(bytes.length);
    for (var index = 0; index < bytes.length; index += 1) {
      buffer[index] = bytes.charCodeAt(index);
    }
    return new ARRAYS[column.dtype](buffer.buffer);
  }

  function isoDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  // Each mark's lane and date: a marks trace holds one lane as y0 (grouped by kind) or one per mark.
  function marksOf(figure) {
    var lanes = [];
    var times = [];
    figure.data.forEach(function (trace) {
      if (trace.meta !== "marks") {
        return;
      }
      var x = numbers(trace.x);
      var y = trace.y === undefined ? null : numbers(trace.y);
      for (var index = 0; index < x.length; index += 1) {
        times.push(x[index]);
        lanes.push(y ? y[index] : trace.y0);
      }
    });
    return { lanes: lanes, times: times };
  }

  function periodOf(unit) {
    if (unit === "day") {
      return function (ms) {
        return Math.floor(ms / DAY_MS);
      };
    }
    if (unit === "month") {
      return function (ms) {
        var day = new Date(ms);
        return day.getUTCFullYear() * 12 + day.getUTCMonth();
      };
    }
    return function (ms) {
      return new Date(ms).getUTCFullYear();
    };
  }

  function periodStart(unit, period) {
    if (unit === "day") {
      return isoDay(period * DAY_MS);
    }
    if (unit === "month") {
      return isoDay(Date.UTC(Math.floor(period / 12), period % 12, 1));
    }
    return isoDay(Date.UTC(period, 0, 1));
  }

  function heatMap(figure) {
    var marks = marksOf(figure);
    var first = Infinity;
    var last = -Infinity;
    marks.times.forEach(function (ms) {
      first = Math.min(first, ms);
      last = Math.max(last, ms);
    });
    var span = (last - first) / DAY_MS;
    var unit = span <= DAYS_UP_TO ? "day" : span <= MONTHS_UP_TO ? "month" : "year";
    var period = periodOf(unit);
    var origin = period(first);
    var columns = period(last) - origin + 1;
    var laneCount = figure.layout.yaxis.tickvals.length;
    var counts = [];
    for (var lane = 0; lane < laneCount; lane += 1) {
      counts.push(new Array(columns).fill(0));
    }
    for (var index = 0; index < marks.times.length; index += 1) {
      counts[marks.lanes[index]][period(marks.times[index]) - origin] += 1;
    }
    var edges = [];
    for (var column = 0; column < columns; column += 1) {
      edges.push(periodStart(unit, origin + column));
    }
    var trace = {
      type: "heatmap",
      x: edges,
      y: figure.layout.yaxis.tickvals,
      z: counts,
      xperiod: { day: DAY_MS, month: "M1", year: "M12" }[unit],
      xperiodalignment: "start",
      zmin: 0,
      colorscale: [
        [0, "#ffffff"],
        [0.000001, "#dbe7f5"],
        [1, "#14386b"],
      ],
      colorbar: { title: { text: "marks" }, thickness: 12 },
      hovertemplate: "%{x}: %{z} mark(s)<extra></extra>",
      ygap: 3,
    };
    var layout = Object.assign({}, figure.layout, { showlegend: false });
    layout.meta = Object.assign({}, figure.layout.meta, { webgl: false, drawn: "heatmap", aggregated: unit });
    var note =
      "This browser offers no WebGL, so the " +
      marks.times.length.toLocaleString("en") +
      " marks are counted per " +
      unit +
      ": click a cell, or narrow the filter, to see the events themselves.";
    return { figure: { data: [trace], layout: layout }, note: note };
  }

  function asSVG(figure) {
    var data = figure.data.map(function (trace) {
      return trace.type === "scattergl" ? Object.assign({}, trace, { type: "scatter" }) : trace;
    });
    var layout = Object.assign({}, figure.layout);
    layout.meta = Object.assign({}, figure.layout.meta, { webgl: false, drawn: "svg" });
    var note = "This browser offers no WebGL, so the marks are drawn as SVG, which may be slower to zoom.";
    return { figure: { data: data, layout: layout }, note: note };
  }

  function usesWebGL(figure) {
    return figure.data.some(function (trace) {
      return trace.type === "scattergl";
    });
  }

  // A browser can hand out a WebGL context that Plotly still cannot draw with (headless Chromium does):
  // Plotly then fills the plot with its "no WebGL" box. Once seen, the rest of the visit skips WebGL.
  var REFUSED = "tracker:webgl-refused";

  function remembered() {
    try {
      return window.sessionStorage.getItem(REFUSED) === "1";
    } catch (error) {
      return false;
    }
  }

  /* Whether Plotly drew its "no WebGL" box in `element`; if so the box is removed and remembered. */
  function refused(element) {
    var boxes = element.querySelectorAll(".no-webgl");
    if (!boxes.length) {
      return false;
    }
    boxes.forEach(function (box) {
      box.remove();
    });
    try {
      window.sessionStorage.setItem(REFUSED, "1");
    } catch (error) {
      // Storage may be off; the next page then tries WebGL once more.
    }
    return true;
  }

  /* The figure to draw here, and a note for the reader when it was changed (null when not).
   * `withoutWebGL` forces the rewrite. */
  function adapt(figure, withoutWebGL) {
    if (!usesWebGL(figure) || !withoutWebGL) {
      return { figure: figure, note: null };
    }
    var meta = figure.layout.meta || {};
    return meta.marks <= meta.svg_limit ? asSVG(figure) : heatMap(figure);
  }

  /* A promise of adapt()'s answer for this browser. A browser that offers a WebGL context gets the WebGL
   * figure; should Plotly still refuse it (its "no WebGL" box), charts.js redraws with adapt(figure, true),
   * and refused() remembers that for the rest of the visit. Plotly fails at creating its WebGL context,
   * before any mark is drawn, so trying costs little; a separate probe plot cost more on every page. */
  function prepare(figure) {
    return Promise.resolve(adapt(figure, usesWebGL(figure) && (!hasWebGL() || remembered())));
  }

  window.TrackerTimelineFallback = {
    adapt: adapt,
    prepare: prepare,
    hasWebGL: hasWebGL,
    refused: refused,
    usesWebGL: usesWebGL,
  };
})();
