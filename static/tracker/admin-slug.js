// The slug box of an admin page follows the title (or name) as it is typed, with the slug the
// server's rule makes (tracker.domain.slugs), so what the page shows is what will be saved.
// Like Django's prepopulated fields, it only fills a box that was empty when the page opened and
// stops as soon as the researcher types a slug of their own.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const slug = document.querySelector("input[data-slug-url]");
  if (!slug || slug.value) {
    return;
  }
  const sources = slug.dataset.slugSources.split(",")
    .map((name) => document.getElementById(`id_${name}`))
    .filter(Boolean);
  let ownSlug = false;
  let timer = null;
  let asked = 0;

  slug.addEventListener("input", () => {
    ownSlug = slug.value !== "";
  });

  async function follow() {
    const question = ++asked;
    if (sources.every((source) => source.value.trim() === "")) {
      slug.value = "";
      return;
    }
    const params = new URLSearchParams({ object: slug.dataset.slugObject || "" });
    for (const source of sources) {
      params.set(source.name, source.value);
    }
    const response = await fetch(`${slug.dataset.slugUrl}?${params}`, { credentials: "same-origin" });
    if (!response.ok || question !== asked || ownSlug) {
      return;
    }
    slug.value = (await response.json()).slug;
    slug.dispatchEvent(new Event("change"));
  }

  for (const source of sources) {
    source.addEventListener("input", () => {
      if (ownSlug) {
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(follow, 200);
    });
  }
});
