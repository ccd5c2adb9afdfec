// Lists a page at a time (people, vehicles, devices), search by id, and the person and vehicle pages.
"use strict";

const ListViews = (() => {
  const { api, html, formatCount, formatTime, formatValue } = Core;

  const columns = {
    people: [["Person", e => html`<a href="#/people/${encodeURIComponent(e.id)}">${e.id}</a>`], ["Name", e => e.name], ["Household", e => household(e)]],
    vehicles: [["Vehicle", e => html`<a href="#/vehicles/${encodeURIComponent(e.id)}">${e.id}</a>`], ["Model", e => e.detail], ["Household", e => household(e)]],
    twins: [["Device", e => html`<a href="#/devices/${encodeURIComponent(e.id)}">${e.id}</a>`], ["Name", e => e.name], ["Model", e => e.detail], ["Room", e => e.room], ["Household", e => household(e)]],
  };
  const titles = { people: "People", vehicles: "Vehicles", twins: "Devices" };
  const household = e => e.householdId ? html`<a href="#/households/${encodeURIComponent(e.householdId)}">${e.householdId}</a>` : "–";

  async function list(view, kind) {
    view.innerHTML = html`<h1>${titles[kind]}</h1><div class="sub">In id order, a page at a time.</div><div id="list"></div>`.text;
    const container = view.querySelector("#list");
    const pages = [null];
    const load = async () => {
      const after = pages[pages.length - 1];
      const page = await api(`/api/${kind}?limit=50${after ? `&after=${encodeURIComponent(after)}` : ""}`);
      container.innerHTML = html`
        <table data-testid="${kind}-list"><thead><tr>${columns[kind].map(([title]) => html`<th>${title}</th>`)}</tr></thead>
        <tbody>${page.items.map(e => html`<tr data-testid="list-row" data-id="${e.id}">${columns[kind].map(([, cell]) => html`<td>${cell(e)}</td>`)}</tr>`)}</tbody></table>
        <div class="pager"><button id="previous-page" data-testid="previous-page" ${pages.length > 1 ? "" : "disabled"}>Previous</button>
        <button id="next-page" data-testid="next-page" ${page.next ? "" : "disabled"}>Next</button><span>${formatCount(page.count)} in all</span></div>`.text;
      container.querySelector("#next-page").onclick = () => { pages.push(page.next); load(); };
      container.querySelector("#previous-page").onclick = () => { pages.pop(); load(); };
    };
    await load();
  }

  async function households(view) {
    view.innerHTML = html`<h1>Households</h1><div class="sub">In id order, a page at a time.</div><div id="households"></div>`.text;
    await HouseholdList.render(view.querySelector("#households"));
  }

  const route = { household: "households", person: "people", vehicle: "vehicles", device: "devices" };

  async function search(view, query) {
    const result = await api(`/api/search?q=${encodeURIComponent(query)}&limit=50`);
    view.innerHTML = html`<h1>Search: ${query}</h1>
      <div class="sub">${result.matches.length ? `${result.matches.length} found (ids that are, or start with, “${query}”)` : "Nothing has this id, or an id starting with it."}</div>
      <table><thead><tr><th>Kind</th><th>Id</th><th>Name</th><th>Detail</th><th>Household</th></tr></thead>
      <tbody>${result.matches.map(m => html`<tr><td><span class="badge">${m.kind}</span></td>
        <td><a data-testid="search-result" data-kind="${m.kind}" href="#/${route[m.kind]}/${encodeURIComponent(m.id)}">${m.id}</a></td>
        <td>${m.name}</td><td>${m.detail || ""}${m.room ? ` · ${m.room}` : ""}</td><td>${household(m)}</td></tr>`)}</tbody></table>`.text;
    if (result.matches.length === 1 || (result.matches[0] && result.matches[0].id === query)) {
      const only = result.matches[0];
      location.replace(`#/${route[only.kind]}/${encodeURIComponent(only.id)}`);
    }
  }

  async function person(view, id) {
    const p = await api(`/api/people/${encodeURIComponent(id)}`);
    const profile = p.profile;
    view.innerHTML = html`<h1>${p.name}</h1>
      <div class="sub">${p.personId} · <a href="#/households/${encodeURIComponent(p.householdId || "")}">${p.householdId || "no household"}</a></div>
      <div class="card"><dl class="kv">
        <dt>Where</dt><dd><span class="badge ${p.location}" data-testid="person-location">${p.location}</span>${p.vehicleId ? html` in <a href="#/vehicles/${encodeURIComponent(p.vehicleId)}">${p.vehicleId}</a>` : ""}</dd>
        <dt>Phone at home</dt><dd>${p.phoneAtHome ? "yes" : "no"}</dd><dt>Band</dt><dd>${p.bandWorn ? "worn" : "not worn"}</dd><dt>Sleep</dt><dd>${p.sleep}</dd>
        <dt>Changed</dt><dd>${formatTime(p.lastChanged)}</dd>
        ${profile ? html`<dt>Age</dt><dd>${profile.age}</dd><dt>Leaves home</dt><dd>${profile.leaveHomeAt}</dd><dt>Leaves work</dt><dd>${profile.leaveWorkAt}</dd>
          <dt>Bed time</dt><dd>${profile.bedTime}</dd><dt>Wakes</dt><dd>${profile.wakeTime}</dd><dt>Drives</dt><dd>${profile.drivesVehicleId || "–"}</dd>` : ""}
      </dl></div>`.text;
  }

  async function vehicle(view, id) {
    const v = await api(`/api/vehicles/${encodeURIComponent(id)}`);
    view.innerHTML = html`<h1>${v.model}</h1>
      <div class="sub">${v.vehicleId} · <a href="#/households/${encodeURIComponent(v.householdId || "")}">${v.householdId || "no household"}</a></div>
      <div class="card"><dl class="kv">
        <dt>Distance to home</dt><dd data-testid="vehicle-distance">${v.distanceToHomeKm === null ? "–" : `${formatValue(v.distanceToHomeKm)} km`}</dd>
        <dt>Position</dt><dd data-testid="vehicle-position">${v.position.latitude.toFixed(5)}, ${v.position.longitude.toFixed(5)}</dd>
        <dt>Speed</dt><dd>${formatValue(v.speedKmh)} km/h · ${v.gear}</dd>
        <dt>Charge</dt><dd data-testid="vehicle-charge">${Math.round(v.stateOfChargePercent)} % · ${Math.round(v.rangeKm)} km · ${v.charging}</dd>
        <dt>Locked</dt><dd>${v.locked ? "yes" : "no"}</dd><dt>Cabin</dt><dd>${formatValue(v.cabinTemperatureC)} °C${v.preconditionTargetC ? ` → ${v.preconditionTargetC} °C` : ""}</dd>
        <dt>Odometer</dt><dd>${formatValue(v.odometerKm)} km</dd><dt>Occupants</dt><dd>${v.occupants.join(", ") || "none"}</dd>
        <dt>Updated</dt><dd>${formatTime(v.lastUpdated)}</dd>
      </dl></div>`.text;
  }

  return { list, households, search, person, vehicle };
})();
