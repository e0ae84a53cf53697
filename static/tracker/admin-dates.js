/* Says what a date field was understood as while a researcher types ("13–14 Jan 2026 (day
 * precision)"), in the span the server wrote after the field. The text goes to the one parser on
 * the server (tracker.admin.date_reading), so the page never reads a date differently from the
 * form that saves it. Listens on the document, so inline rows added later are served too.
 */
(function () {
  "use strict";

  var WAIT_MS = 300;
  var timers = new WeakMap();

  function echoFor(input) {
    var next = input.nextElementSibling;
    return next && next.classList.contains("partial-date-understood") ? next : null;
  }

  function show(echo, text, isError) {
    echo.textContent = text;
    echo.classList.toggle("is-error", isError);
  }

  function ask(input, echo) {
    var text = input.value.trim();
    if (!text) {
      show(echo, "", false);
      return;
    }
    var query = new URLSearchParams({ text: text });
    if (input.dataset.partialDate === "day") {
      query.set("one_day", "1");
    }
    fetch(input.dataset.readUrl + "?" + query.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        if (!answer || input.value.trim() !== text) {
          return; // signed out, or the researcher has typed on since
        }
        if (answer.understood) {
          show(echo, "Understood as " + answer.understood, false);
        } else {
          show(echo, answer.error, true);
        }
      })
      .catch(function () {
        /* offline: the form still checks the date when it is saved */
      });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.partialDate) {
      return;
    }
    var echo = echoFor(input);
    if (!echo) {
      return;
    }
    clearTimeout(timers.get(input));
    timers.set(
      input,
      setTimeout(function () {
        ask(input, echo);
      }, WAIT_MS)
    );
  });
})();
