// A household's page: its people, its cars, its rooms with every device's live properties, and its scenes as they fire.
"use strict";

const HouseholdView = (() => {
  const { api, html, formatValue, formatTime, live, flash, firing } = Core;

  const km = v => v === null || v === undefined ? "–" : `${v.toFixed(v < 10 ? 2 : 1)} km`;

  function person(p) {
    return html`
      <div class="card" data-testid="person" data-person-id="${p.personId}">
        <div class="head"><a href="#/people/${encodeURIComponent(p.personId)}"><b>${p.name}</b></a></div>
        <dl class="kv">
          <dt>Where</dt><dd><span class="badge ${p.location}" data-testid="person-location">${p.location}</span>${p.vehicleId ? html` in ${p.vehicleId}` : ""}</dd>
          <dt>Sleep</dt><dd>${p.sleep}</dd>
          <dt>Band</dt><dd>${p.bandWorn ? "worn" : "not worn"}</dd>
          <dt>Changed</dt><dd>${formatTime(p.lastChanged)}</dd>
        </dl>
      </div>`;
  }

  function vehicle(v) {
    const driving = v.gear !== "park";
    return html`
      <div class="card" data-testid="vehicle" data-vehicle-id="${v.vehicleId}">
        <div class="head"><a href="#/vehicles/${encodeURIComponent(v.vehicleId)}"><b>${v.model}</b></a> <span class="badge ${driving ? "driving" : v.charging === "charging" ? "charging" : ""}">${driving ? `driving ${Math.round(v.speedKmh)} km/h` : v.charging}</span></div>
        <dl class="kv">
          <dt>Distance to home</dt><dd data-testid="vehicle-distance">${km(v.distanceToHomeKm)}</dd>
          <dt>Charge</dt><dd data-testid="vehicle-charge">${Math.round(v.stateOfChargePercent)} % · ${Math.round(v.rangeKm)} km</dd>
          <dt>Position</dt><dd data-testid="vehicle-position">${v.position.latitude.toFixed(5)}, ${v.position.longitude.toFixed(5)}</dd>
          <dt>Gear</dt><dd>${v.gear}</dd>
          <dt>Locked</dt><dd>${v.locked ? "yes" : "no"}</dd>
          <dt>Cabin</dt><dd>${formatValue(v.cabinTemperatureC)} °C</dd>
          <dt>Occupants</dt><dd>${v.occupants.length ? v.occupants.join(", ") : "none"}</dd>
        </dl>
      </div>`;
  }

  function property(deviceId, p) {
    return html`<li data-testid="property" data-key="${p.key}" title="${p.key}"><span class="alias">${p.alias}</span><span class="val" data-value>${formatValue(p.value)}</span></li>`;
  }

  function device(d) {
    // Device information (service 1) never changes; the page shows what does.
    const shown = d.properties.filter(p => !p.key.startsWith("1."));
    return html`
      <div class="device" data-testid="device" data-device-id="${d.deviceId}">
        <div class="head">
          <a href="#/devices/${encodeURIComponent(d.deviceId)}"><b>${d.name}</b></a>
          <span class="badge ${d.online ? "online" : "offline"}" data-testid="device-online">${d.online ? "online" : "offline"}</span>
        </div>
        <div class="model">${d.deviceId} · ${d.model}</div>
        <ul class="props">${shown.map(p => property(d.deviceId, p))}</ul>
      </div>`;
  }

  async function render(view, id) {
    const h = await api(`/api/households/${encodeURIComponent(id)}`);
    view.innerHTML = html`
      <h1 data-testid="household-name">${h.name}</h1>
      <div class="sub">${h.id} · ${h.city || "no city"} · mode <span class="badge" id="household-mode" data-testid="household-mode">${h.mode}</span>${h.home ? ` · home at ${h.home.latitude.toFixed(4)}, ${h.home.longitude.toFixed(4)}` : ""}
        · <a href="/api/households/${encodeURIComponent(h.id)}/scenes">scenes (JSON)</a></div>
      ${h.alerts.length ? html`<div class="error">${h.alerts.map(a => html`<div>${a.kind}: ${a.message} (${formatTime(a.raisedAt)})</div>`)}</div>` : ""}
      <h2>People</h2>
      <div class="people" id="people">${h.people.length ? h.people.map(person) : html`<div class="empty">No members.</div>`}</div>
      <h2>Vehicles</h2>
      <div class="vehicles" id="vehicles">${h.vehicles.length ? h.vehicles.map(vehicle) : html`<div class="empty">No vehicles.</div>`}</div>
      <h2>Rooms</h2>
      <div class="grid">${h.rooms.map(r => html`<div class="room" data-testid="room" data-room="${r.name}"><h3>${r.name.replaceAll("-", " ")}</h3>${r.devices.length ? r.devices.map(device) : html`<div class="empty">No devices.</div>`}</div>`)}</div>
      ${h.devicesNotShown ? html`<div class="empty">${h.devicesNotShown} more devices are not shown: <a href="#/twins">the device list</a> or the search finds them.</div>` : ""}
      <h2>Recent scene firings</h2>
      <ul class="firings" id="firings">${[...h.firings].reverse().map(firing)}</ul>
      <div class="empty" id="no-firings" ${h.firings.length ? "hidden" : ""}>No scene has fired yet.</div>`.text;

    const deviceElement = deviceId => view.querySelector(`[data-testid=device][data-device-id="${CSS.escape(deviceId)}"]`);
    live(`/api/live/households/${encodeURIComponent(id)}`, {
      property: ({ deviceId, changes }) => {
        const element = deviceElement(deviceId);
        if (!element) return;
        for (const change of changes) {
          let row = element.querySelector(`[data-testid=property][data-key="${CSS.escape(change.key)}"]`);
          if (!row) {
            if (change.key.startsWith("1.")) continue;
            element.querySelector(".props").insertAdjacentHTML("beforeend", property(deviceId, change).text);
            row = element.querySelector(`[data-testid=property][data-key="${CSS.escape(change.key)}"]`);
          }
          row.querySelector("[data-value]").textContent = formatValue(change.value);
          flash(row);
        }
      },
      online: ({ deviceId, online }) => {
        const badge = deviceElement(deviceId)?.querySelector("[data-testid=device-online]");
        if (badge) { badge.textContent = online ? "online" : "offline"; badge.className = `badge ${online ? "online" : "offline"}`; }
      },
      vehicle: snapshot => {
        const element = view.querySelector(`[data-testid=vehicle][data-vehicle-id="${CSS.escape(snapshot.vehicleId)}"]`);
        if (element) element.outerHTML = vehicle(snapshot).text;
      },
      people: people => { view.querySelector("#people").innerHTML = people.map(person).map(String).join(""); },
      household: ({ mode }) => {
        const badge = view.querySelector("#household-mode");
        badge.textContent = mode;
        flash(badge);
      },
      firing: ({ firing: f }) => {
        view.querySelector("#firings").insertAdjacentHTML("afterbegin", firing(f).text);
        view.querySelector("#no-firings").hidden = true;
        const list = view.querySelector("#firings");
        while (list.children.length > 20) list.lastElementChild.remove();
      },
    });
  }

  return { render };
})();
