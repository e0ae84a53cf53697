// The Event page's place lookup. Typing in "Place name" lists matching cities from the offline
// gazetteer (GeoNames, CC BY 4.0) that EventAdmin answers at data-places-url; choosing one fills the
// place's country and coordinates, which the researcher can still change. Keyboard: arrows move,
// Enter chooses, Escape closes. A combobox with a listbox, as the WAI-ARIA authoring practices draw it.
"use strict";

(function () {
  const DELAY_MS = 150;

  function folded(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function init() {
    const input = document.getElementById("id_place_name");
    if (!input || !input.dataset.placesUrl) {
      return;
    }
    const latitude = document.getElementById("id_latitude");
    const longitude = document.getElementById("id_longitude");
    const country = document.getElementById("id_place_country");

    const popup = document.createElement("div");
    popup.className = "place-suggestions";
    popup.hidden = true;
    const list = document.createElement("ul");
    list.id = "place-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Matching places");
    const credit = document.createElement("a");
    credit.className = "place-credit";
    credit.href = input.dataset.placesCreditUrl;
    credit.target = "_blank";
    credit.rel = "noopener";
    credit.textContent = input.dataset.placesCredit;
    popup.append(list, credit);
    popup.addEventListener("mousedown", (event) => event.preventDefault()); // a click keeps the focus
    input.after(popup);

    const status = document.createElement("div");
    status.className = "place-status";
    status.setAttribute("role", "status");
    (input.closest(".flex-container") || popup).after(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    let places = [];
    let active = -1;
    let timer = null;
    let pending = null;
    let warmed = false;

    function lookupUrl(query) {
      const url = new URL(input.dataset.placesUrl, window.location.href);
      url.searchParams.set("q", query);
      return url;
    }

    function ask(query) {
      if (pending) {
        pending.abort(); // an answer to what was typed before is no longer wanted
      }
      pending = new AbortController();
      return fetch(lookupUrl(query), { signal: pending.signal, credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .catch((error) => (error.name === "AbortError" ? null : { results: [] }));
    }

    function close() {
      popup.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      const options = list.querySelectorAll("[role=option]");
      options.forEach((option, position) => option.setAttribute("aria-selected", String(position === index)));
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function describe(place) {
      const option = document.createElement("li");
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      const name = document.createElement("strong");
      name.textContent = place.name;
      const where = document.createElement("span");
      const countryName = place.country ? place.country.name : place.geonames_country_code;
      where.textContent = `, ${countryName} · pop. ${place.population.toLocaleString("en")}`;
      option.append(name, where);
      if (!folded(place.name).startsWith(place.matched)) {
        const alias = document.createElement("small");
        alias.textContent = ` (${place.matched})`;
        option.append(alias);
      }
      return option;
    }

    function show(found) {
      places = found;
      list.replaceChildren(
        ...found.map((place, index) => {
          const option = describe(place);
          option.id = `place-suggestion-${index}`;
          option.addEventListener("click", () => choose(index));
          return option;
        }),
      );
      if (!found.length) {
        close();
        return;
      }
      popup.style.left = `${input.offsetLeft}px`;
      popup.style.top = `${input.offsetTop + input.offsetHeight}px`;
      popup.style.minWidth = `${input.offsetWidth}px`;
      popup.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(-1);
    }

    function setValue(field, value) {
      if (!field) {
        return;
      }
      field.value = value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function setCountry(code, name) {
      // select2 shows an autocomplete's choice only from an <option> in the <select>: add one when
      // the select does not have it, select it, then tell select2 with a "change" event.
      if (!country) {
        return;
      }
      let option = Array.from(country.options).find((candidate) => candidate.value === code);
      if (!option) {
        option = new Option(name, code, false, false);
        country.append(option);
      }
      country.value = code;
      if (window.django && window.django.jQuery) {
        window.django.jQuery(country).trigger("change");
      } else {
        country.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }

    function choose(index) {
      const place = places[index];
      if (!place) {
        return;
      }
      if (!place.exact) {
        input.value = place.name; // an exact match keeps the spelling the researcher typed
      }
      setValue(latitude, place.latitude.toFixed(5));
      setValue(longitude, place.longitude.toFixed(5));
      if (place.country) {
        setCountry(place.country.code, place.country.name);
      }
      close();
      const countryName = place.country ? place.country.name : "country not set";
      status.textContent = `Filled from GeoNames: ${place.name}, ${countryName} (${place.latitude.toFixed(5)}, ${place.longitude.toFixed(5)}).`;
    }

    input.addEventListener("focus", () => {
      if (!warmed) {
        warmed = true;
        // Loads the gazetteer on the server before the first keystroke needs it.
        fetch(lookupUrl(""), { credentials: "same-origin" }).catch(() => {});
      }
    });

    input.addEventListener("input", () => {
      clearTimeout(timer);
      const query = input.value.trim();
      if (!query) {
        places = [];
        close();
        return;
      }
      timer = setTimeout(() => {
        ask(query).then((answer) => {
          if (answer && input.value.trim() === query && document.activeElement === input) {
            show(answer.results);
          }
        });
      }, DELAY_MS);
    });

    input.addEventListener("keydown", (event) => {
      const open = !popup.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!places.length) {
          return;
        }
        event.preventDefault();
        if (!open) {
          show(places);
        }
        const last = places.length - 1;
        if (event.key === "ArrowDown") {
          highlight(active >= last ? 0 : active + 1);
        } else {
          highlight(active <= 0 ? last : active - 1);
        }
      } else if (event.key === "Enter" && open) {
        event.preventDefault(); // while the list is open, Enter is for it, not for saving the form
        if (active >= 0) {
          choose(active);
        } else {
          close();
        }
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", close);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
