// The overview: live totals, charts over the last minutes, and the households a page at a time.
"use strict";

const OverviewView = (() => {
  const { api, html, formatCount, live, firing } = Core;

  const totals = [
    ["households", "Households"],
    ["devices", "Devices"],
    ["devices-online", "Devices online", "devicesOnline"],
    ["people-at-home", "People at home", "peopleAtHome"],
    ["vehicles-driving", "Vehicles driving", "vehiclesDriving"],
    ["vehicles-charging", "Vehicles charging", "vehiclesCharging"],
    ["mqtt-clients", "MQTT clients", "mqttClients"],
    ["messages-per-second", "Messages/s", "messagesPerSecond"],
    ["scene-firings-per-second", "Scene firings/s", "sceneFiringsPerSecond"],
    ["active-grains", "Active grains", "activeGrains"],
  ];

  const charts = [
    ["messages", "Messages/s and scene firings/s", [["messagesPerSecond", "messages/s"], ["sceneFiringsPerSecond", "scene firings/s"]]],
    ["devices-online", "Devices online", [["devicesOnline", "online"], ["mqttClients", "MQTT clients"]]],
    ["grains", "Active grains", [["activeGrains", "grains"]]],
    ["people", "People at home, vehicles driving", [["peopleAtHome", "at home"], ["vehiclesDriving", "driving"], ["vehiclesCharging", "charging"]]],
  ];

  async function render(view) {
    view.innerHTML = html`
      <h1>Ecosystem</h1>
      <div class="sub" id="overview-at">Live totals, counted by the twins as they change.</div>
      <div class="cards">${totals.map(([id, label]) => html`<div class="card"><div class="label">${label}</div><div class="value" data-testid="total-${id}" id="total-${id}">–</div></div>`)}</div>
      <div class="charts">${charts.map(([id, title]) => html`<div class="chart"><h3>${title}</h3><canvas data-testid="chart-${id}" id="chart-${id}"></canvas></div>`)}</div>
      <h2>Scenes as they land</h2>
      <ul class="firings" id="firings" data-testid="overview-firings"></ul>
      <div class="empty" id="no-firings">No scene has fired since the host started.</div>
      <h2>Households</h2>
      <div id="households"></div>`.text;

    const samples = [];
    const show = sample => {
      for (const [id, , field] of totals) {
        const value = sample[field || id];
        document.getElementById(`total-${id}`).textContent = formatCount(value);
      }
      document.getElementById("overview-at").textContent = `Live totals, counted by the twins as they change · ${new Date(sample.at).toLocaleTimeString()}`;
    };
    const redraw = () => {
      for (const [id, , series] of charts) {
        const canvas = document.getElementById(`chart-${id}`);
        if (canvas) LineChart.draw(canvas, series.map(([field, label]) => ({ label, points: samples.map(s => ({ t: Date.parse(s.at), v: s[field] })) })), { window: 10 * 60 * 1000 });
      }
    };

    const list = document.getElementById("firings");
    const showFiring = ({ householdId, firing: f }) => {
      list.insertAdjacentHTML("afterbegin", firing(f, householdId).text);
      while (list.children.length > 10) list.lastElementChild.remove();
      document.getElementById("no-firings").hidden = true;
    };
    (await api("/api/overview/firings")).firings.forEach(showFiring);

    const history = await api("/api/overview/history");
    samples.push(...history.samples);
    if (samples.length) show(samples[samples.length - 1]);
    redraw();
    live("/api/live", {
      overview: sample => {
        if (!samples.length || samples[samples.length - 1].at !== sample.at) samples.push(sample);
        if (samples.length > 300) samples.shift();
        show(sample);
        redraw();
      },
      firing: showFiring,
    });
    await HouseholdList.render(document.getElementById("households"));
  }

  return { render };
})();

// The households, a page at a time in id order, with each one's summary.
const HouseholdList = (() => {
  const { api, html, formatCount } = Core;

  async function render(container) {
    const pages = [null];
    const load = async () => {
      const after = pages[pages.length - 1];
      const page = await api(`/api/households?limit=50${after ? `&after=${encodeURIComponent(after)}` : ""}`);
      container.innerHTML = html`
        <table data-testid="household-list">
          <thead><tr><th>Household</th><th>Name</th><th>City</th><th>Mode</th><th class="num">Devices</th><th class="num">Online</th><th class="num">Members</th><th class="num">Vehicles</th><th class="num">Alerts</th></tr></thead>
          <tbody>${page.items.map(h => html`
            <tr data-testid="household-row" data-household-id="${h.id}">
              <td><a href="#/households/${encodeURIComponent(h.id)}">${h.id}</a></td><td>${h.name}</td><td>${h.city || "–"}</td>
              <td><span class="badge">${h.mode}</span></td><td class="num">${formatCount(h.devices)}</td><td class="num">${formatCount(h.devicesOnline)}</td>
              <td class="num">${h.members}</td><td class="num">${h.vehicles}</td><td class="num">${h.openAlerts}</td>
            </tr>`)}</tbody>
        </table>
        <div class="pager">
          <button data-testid="previous-page" id="previous-page" ${pages.length > 1 ? "" : "disabled"}>Previous</button>
          <button data-testid="next-page" id="next-page" ${page.next ? "" : "disabled"}>Next</button>
          <span>${formatCount(page.count)} households</span>
        </div>`.text;
      container.querySelector("#next-page").onclick = () => { pages.push(page.next); load(); };
      container.querySelector("#previous-page").onclick = () => { pages.pop(); load(); };
    };
    await load();
  }

  return { render };
})();
