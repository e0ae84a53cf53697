/* Keeps filter URLs short and shareable: fields left at their defaults are not submitted,
 * so "/?country=JP" rather than "/?start=&end=&country=JP&match=any&…". The server reads
 * both forms the same way; this only tidies the address a reader copies.
 */
(function () {
  "use strict";

  function tidy(form) {
    var groupDefault = form.dataset.groupDefault || "kind";
    var termsDefault = form.dataset.termsDefault === "1";
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "submit") {
        return;
      }
      var empty = field.value === "" && field.type !== "checkbox";
      var isDefault =
        (field.name === "match" && field.value === "any") ||
        (field.name === "group" && field.value === groupDefault);
      if (empty || isDefault) {
        field.disabled = true;
      }
    });
    var checkbox = form.querySelector("#id_terms");
    var off = form.querySelector("#id_terms_off");
    if (checkbox && off) {
      if (checkbox.checked === termsDefault) {
        checkbox.disabled = true;
        off.disabled = true;
      } else if (checkbox.checked) {
        off.disabled = true;
      }
    }
  }

  document.querySelectorAll("form.filters").forEach(function (form) {
    form.addEventListener("submit", function () {
      tidy(form);
    });
  });

  // On a phone the filter folds behind a button (site.css hides it under .is-folded), so the results
  // come first; without this script the filter simply shows.
  document.querySelectorAll("form.filters .filter-toggle").forEach(function (toggle) {
    var form = toggle.closest("form");
    var label = toggle.textContent;
    function set(expanded) {
      form.classList.toggle("is-folded", !expanded);
      toggle.setAttribute("aria-expanded", expanded ? "true" : "false");
      toggle.textContent = expanded ? "Hide filter" : label;
    }
    toggle.hidden = false;
    // A filter with an error stays open, so the reader sees what to correct.
    set(Boolean(form.querySelector(".has-error")));
    toggle.addEventListener("click", function () {
      set(toggle.getAttribute("aria-expanded") !== "true");
    });
  });

  // A page restored by the back button must not keep the fields disabled by a previous submit.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form.filters [disabled]").forEach(function (field) {
      field.disabled = false;
    });
  });
})();
