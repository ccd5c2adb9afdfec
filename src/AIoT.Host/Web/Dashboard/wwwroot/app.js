// The page's router: #/ overview, #/households[/id], #/people[/id], #/vehicles[/id], #/twins, #/devices/id, #/search/text.
"use strict";

(() => {
  const view = document.getElementById("view");

  const routes = [
    [/^$/, () => OverviewView.render(view)],
    [/^households$/, () => ListViews.households(view)],
    [/^households\/(.+)$/, id => HouseholdView.render(view, id)],
    [/^devices\/(.+)$/, id => DeviceView.render(view, id)],
    [/^people$/, () => ListViews.list(view, "people")],
    [/^people\/(.+)$/, id => ListViews.person(view, id)],
    [/^vehicles$/, () => ListViews.list(view, "vehicles")],
    [/^vehicles\/(.+)$/, id => ListViews.vehicle(view, id)],
    [/^twins$/, () => ListViews.list(view, "twins")],
    [/^search\/(.+)$/, q => ListViews.search(view, q)],
  ];

  async function show() {
    const path = decodeURIComponent(location.hash.replace(/^#\/?/, ""));
    Core.closeLive();
    for (const [pattern, render] of routes) {
      const match = pattern.exec(path);
      if (match) {
        try {
          await render(...match.slice(1));
        } catch (error) {
          Core.showError(view, error);
        }
        return;
      }
    }
    Core.showError(view, new Error(`No page at #/${path}.`));
  }

  document.getElementById("search-form").addEventListener("submit", event => {
    event.preventDefault();
    const query = document.getElementById("search").value.trim();
    if (query) location.hash = `#/search/${encodeURIComponent(query)}`;
  });
  window.addEventListener("hashchange", show);
  show();
})();
