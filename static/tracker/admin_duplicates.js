// The Event admin page: as the researcher types the title and dates and picks participants and
// countries, ask the likely-duplicates endpoint and show what it finds, with links, before saving.
// The box and the endpoint's address are in the page (templates/admin/tracker/event/change_form.html).
(function () {
  "use strict";

  const WAIT_MS = 350;

  function init() {
    const box = document.getElementById("likely-duplicates");
    const form = box && box.closest("form");
    if (!form) {
      return;
    }
    let timer = null;
    let asked = null;
    let pending = null;

    function selected(name) {
      const field = form.elements[name];
      if (!field || !field.options) {
        return field && field.value ? [field.value] : [];
      }
      return Array.from(field.options).filter((option) => option.selected && option.value).map((option) => option.value);
    }

    function query() {
      const params = new URLSearchParams();
      params.set("title", (form.elements.title && form.elements.title.value) || "");
      params.set("when", (form.elements.when && form.elements.when.value) || "");
      selected("kind").forEach((kind) => params.set("kind", kind));
      form.querySelectorAll('select[name^="participations-"][name$="-person"]').forEach((select) => {
        const erase = form.elements[select.name.replace(/-person$/, "-DELETE")];
        if (select.value && !(erase && erase.checked) && !select.name.includes("__prefix__")) {
          params.append("person", select.value);
        }
      });
      selected("host_country").concat(selected("party_countries")).forEach((code) => params.append("country", code));
      if (box.dataset.exclude) {
        params.set("exclude", box.dataset.exclude);
      }
      return params;
    }

    function show(duplicates) {
      box.replaceChildren();
      if (!duplicates.length) {
        box.hidden = true;
        return;
      }
      const list = document.createElement("ul");
      list.className = "messagelist";
      const item = document.createElement("li");
      item.className = "warning";
      item.append("Possible duplicates: ");
      duplicates.forEach((duplicate, index) => {
        if (index) {
          item.append(", ");
        }
        const link = document.createElement("a");
        link.href = duplicate.url;
        link.textContent = `${duplicate.title} (${duplicate.when})`;
        item.append(link, ` (${duplicate.reasons.join(", ")})`);
      });
      list.append(item);
      box.append(list);
      box.hidden = false;
    }

    async function ask() {
      const params = query();
      const key = params.toString();
      if (key === asked) {
        return;
      }
      asked = key;
      if (!params.get("when").trim() || (!params.get("title").trim() && !params.has("person"))) {
        show([]);
        return;
      }
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      try {
        const response = await fetch(`${box.dataset.url}?${key}`, {
          signal: pending.signal,
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        // A date still being typed ("13 Ja") is a 400: keep quiet until it parses.
        show(response.ok ? (await response.json()).duplicates : []);
      } catch (error) {
        if (error.name !== "AbortError") {
          show([]);
        }
      }
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, WAIT_MS);
    }

    form.addEventListener("input", later);
    form.addEventListener("change", later);
    // The admin's autocomplete widgets (select2) announce a choice through jQuery only.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(form).on("change", "select", later);
    }
    ask();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
