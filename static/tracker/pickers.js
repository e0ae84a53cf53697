/* Searchable multi-select pickers for the filter form (countries, people, kinds, topics, series, status).
 *
 * Each <div data-picker> holds a plain <select multiple>, which still carries the values when the form
 * is sent: without this script the form works as it is. The script keeps that select (out of sight and
 * out of the tab order) and puts beside it the ARIA 1.2 combobox pattern: a text box that filters a
 * listbox of choices, each with the number of events it leads to under the rest of the filter (fetched
 * from data-facets-url), and the chosen values as chips. People are searched on the server
 * (data-people-url), since there may be thousands of them.
 *
 * Keys in the text box: ↓/↑ move through the choices, Enter chooses (or un-chooses) the highlighted one,
 * Escape closes the list (a second Escape clears the text), Backspace in an empty box removes the last
 * chip, Home/End jump to the first/last choice.
 */
(function () {
  "use strict";

  var SHOWN = 60; // choices listed at once; typing narrows the rest
  var COUNTED = ["country", "person", "kind", "topic", "series"]; // tracker.queries.facets.FACET_LIMITS
  var form = document.getElementById("filter-form");
  if (!form || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var facets = null;
  var pickers = [];

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // The filter as the form holds it now (plus a page's own subject), without empty fields.
  function currentQuery() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "" && name !== "page" && name !== "sort" && name !== "group" && name !== "terms") {
        params.append(name, value);
      }
    });
    if (form.dataset.pinnedField) {
      params.append(form.dataset.pinnedField, form.dataset.pinnedValue);
    }
    return params;
  }

  // Counts are asked for one facet at a time, when its picker opens, and again when the filter changes.
  var asked = {};
  function loadFacets(name) {
    if (COUNTED.indexOf(name) < 0) {
      return;
    }
    var query = currentQuery();
    query.set("facet", name);
    query = query.toString();
    if (asked[name] === query) {
      return;
    }
    asked[name] = query;
    fetch(form.dataset.facetsUrl + "?" + query, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (body) {
        // A filter the server refuses (a half-typed date) keeps the counts from before.
        if (body && body.facets && asked[name] === query) {
          facets = facets || {};
          facets[name] = body.facets[name];
          pickers.forEach(function (picker) {
            if (picker.isOpen()) {
              picker.render();
            }
          });
        }
      })
      .catch(function () {});
  }

  function Picker(field) {
    var name = field.dataset.picker;
    var select = field.querySelector("select");
    var label = field.querySelector("label");
    var base = select.id;
    var root = document.createElement("div");
    var chips = document.createElement("ul");
    var input = document.createElement("input");
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var active = -1;
    var shown = [];
    var remote = null; // people found on the server for the text typed, or null to list the facet
    var timer = null;

    root.className = "picker";
    chips.className = "picker-chips";
    chips.setAttribute("aria-label", "Chosen " + label.textContent.toLowerCase());
    input.type = "text";
    input.id = base + "_search";
    input.className = "picker-input";
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", base + "_listbox");
    list.id = base + "_listbox";
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-multiselectable", "true");
    list.setAttribute("aria-label", label.textContent);
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");

    label.htmlFor = input.id;
    select.classList.add("picker-source");
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    var hint = field.querySelector(".picker-hint");
    if (hint) {
      hint.textContent = "Type to search; ↓ ↑ and Enter choose, Backspace removes the last.";
      hint.id = base + "_hint";
      input.setAttribute("aria-describedby", hint.id);
    }
    root.appendChild(chips);
    root.appendChild(input);
    root.appendChild(list);
    root.appendChild(status);
    select.insertAdjacentElement("afterend", root);

    function options() {
      return Array.prototype.slice.call(select.options);
    }

    function count(value) {
      var counts = facets && facets[name];
      if (!counts) {
        return null;
      }
      return counts[value] || counts[value.toUpperCase()] || 0;
    }

    function findOption(value) {
      return options().filter(function (option) {
        return option.value === value;
      })[0];
    }

    function optionFor(value, text) {
      var found = findOption(value);
      if (!found) {
        found = new Option(text || value, value);
        select.appendChild(found);
      }
      return found;
    }

    function renderChips() {
      chips.textContent = "";
      options()
        .filter(function (option) {
          return option.selected;
        })
        .forEach(function (option) {
          var item = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.className = "picker-chip";
          button.dataset.value = option.value;
          button.textContent = option.text;
          var cross = document.createElement("span");
          cross.setAttribute("aria-hidden", "true");
          cross.textContent = " ×";
          button.appendChild(cross);
          button.setAttribute("aria-label", "Remove " + option.text);
          button.addEventListener("click", function () {
            choose(option.value, false);
            input.focus();
          });
          item.appendChild(button);
          chips.appendChild(item);
        });
      chips.hidden = !chips.children.length;
    }

    // The choices to list: people found for the text, else the select's options matching the text,
    // those leading to most events first once the counts are in.
    function candidates() {
      if (remote) {
        return remote;
      }
      var text = fold(input.value.trim());
      var found = options()
        .filter(function (option) {
          return !text || fold(option.text).indexOf(text) >= 0 || fold(option.value) === text;
        })
        .map(function (option) {
          return { value: option.value, label: option.text, count: count(option.value) };
        });
      if (facets && facets[name]) {
        found.sort(function (a, b) {
          return (b.count || 0) - (a.count || 0);
        });
      }
      return found;
    }

    function render() {
      var all = candidates();
      shown = all.slice(0, SHOWN);
      list.textContent = "";
      shown.forEach(function (choice, index) {
        var item = document.createElement("li");
        var option = findOption(choice.value);
        var chosen = Boolean(option && option.selected);
        item.id = base + "_option_" + index;
        item.className = "picker-option" + (choice.count === 0 ? " is-empty" : "");
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", chosen ? "true" : "false");
        item.dataset.value = choice.value;
        var text = document.createElement("span");
        text.textContent = choice.label;
        item.appendChild(text);
        if (choice.count !== null && choice.count !== undefined) {
          var number = document.createElement("span");
          number.className = "facet-count";
          number.textContent = choice.count;
          number.setAttribute("aria-label", choice.count + (choice.count === 1 ? " event" : " events"));
          item.appendChild(number);
        }
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keeps the focus in the text box
        });
        item.addEventListener("click", function () {
          active = index;
          toggle(choice);
        });
        list.appendChild(item);
      });
      if (!shown.length) {
        var none = document.createElement("li");
        none.className = "picker-none";
        none.textContent = "No match";
        none.setAttribute("aria-disabled", "true");
        none.setAttribute("role", "option");
        list.appendChild(none);
      }
      active = Math.min(active, shown.length - 1);
      highlight();
      status.textContent =
        all.length > shown.length
          ? shown.length + " of " + all.length + " choices shown; type to narrow."
          : all.length + (all.length === 1 ? " choice." : " choices.");
    }

    function highlight() {
      Array.prototype.forEach.call(list.querySelectorAll(".picker-option"), function (item, index) {
        item.classList.toggle("is-active", index === active);
      });
      if (active >= 0 && shown[active]) {
        var item = document.getElementById(base + "_option_" + active);
        input.setAttribute("aria-activedescendant", item.id);
        item.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (!isOpen()) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        loadFacets(name);
      }
      render();
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function isOpen() {
      return !list.hidden;
    }

    function choose(value, selected, text) {
      optionFor(value, text).selected = selected;
      renderChips();
      loadFacets(name);
      if (isOpen()) {
        render();
      }
    }

    function toggle(choice) {
      var option = optionFor(choice.value, choice.label);
      choose(choice.value, !option.selected, choice.label);
      status.textContent = choice.label + (option.selected ? " chosen." : " removed.");
      if (remote || input.value) {
        input.value = "";
        remote = null;
        render();
      }
    }

    function searchPeople() {
      var text = input.value.trim();
      if (name !== "person" || !form.dataset.peopleUrl) {
        return;
      }
      clearTimeout(timer);
      if (!text) {
        remote = null;
        render();
        return;
      }
      timer = setTimeout(function () {
        var params = currentQuery();
        params.set("name", text);
        fetch(form.dataset.peopleUrl + "?" + params.toString(), { headers: { Accept: "application/json" } })
          .then(function (response) {
            return response.ok ? response.json() : null;
          })
          .then(function (body) {
            if (body && body.people && input.value.trim() === text) {
              remote = body.people;
              active = remote.length ? 0 : -1;
              render();
            }
          })
          .catch(function () {});
      }, 150);
    }

    input.addEventListener("focus", open);
    input.addEventListener("click", open);
    input.addEventListener("blur", function () {
      setTimeout(function () {
        if (document.activeElement !== input) {
          close();
        }
      }, 0);
    });
    input.addEventListener("input", function () {
      active = 0;
      if (name === "person") {
        searchPeople();
      }
      open();
    });
    input.addEventListener("keydown", function (event) {
      var key = event.key;
      if (key === "ArrowDown" || key === "ArrowUp") {
        event.preventDefault();
        if (!isOpen()) {
          open();
        }
        var step = key === "ArrowDown" ? 1 : -1;
        active = Math.max(0, Math.min(shown.length - 1, active + step));
        highlight();
      } else if ((key === "Home" || key === "End") && isOpen() && !input.value) {
        event.preventDefault();
        active = key === "Home" ? 0 : shown.length - 1;
        highlight();
      } else if (key === "Enter") {
        if (isOpen() && active >= 0 && shown[active]) {
          event.preventDefault(); // chooses; the form is sent by Enter in an empty, closed box or by Apply
          toggle(shown[active]);
        } else if (isOpen() && input.value) {
          event.preventDefault();
        }
      } else if (key === "Escape") {
        if (isOpen()) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          remote = null;
        }
      } else if (key === "Backspace" && !input.value) {
        var chosen = options().filter(function (option) {
          return option.selected;
        });
        if (chosen.length) {
          event.preventDefault();
          var last = chosen[chosen.length - 1];
          choose(last.value, false);
          status.textContent = last.text + " removed.";
        }
      } else if (key === "Tab") {
        close();
      }
    });
    // A script (or a test) that sets the select directly still shows as chips.
    select.addEventListener("change", renderChips);

    renderChips();
    return { isOpen: isOpen, render: render };
  }

  document.documentElement.classList.add("has-pickers");
  Array.prototype.forEach.call(form.querySelectorAll("[data-picker]"), function (field) {
    pickers.push(Picker(field));
  });
})();
