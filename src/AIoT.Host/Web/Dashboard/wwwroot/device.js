// A device's page: its twin, the history of a property as a chart, and a control per writable property that sends a real command.
"use strict";

const DeviceView = (() => {
  const { api, html, formatValue, formatTime, live, flash } = Core;
  const numeric = format => !["bool", "string", "hex"].includes(format);

  function control(spec, value) {
    let input;
    if (spec.format === "bool") {
      input = html`<select aria-label="${spec.alias}"><option value="true" ${value === true ? "selected" : ""}>true</option><option value="false" ${value === false ? "selected" : ""}>false</option></select>`;
    } else if (spec.valueList && spec.valueList.length) {
      input = html`<select aria-label="${spec.alias}">${spec.valueList.map(v => html`<option value="${v.value}" ${v.value === value ? "selected" : ""}>${v.value} · ${v.description}</option>`)}</select>`;
    } else if (numeric(spec.format)) {
      const range = spec.range ? html` min="${spec.range.min}" max="${spec.range.max}" step="${spec.range.step}"` : "";
      input = html`<input type="number" aria-label="${spec.alias}" value="${value ?? ""}"${range}>`;
    } else {
      input = html`<input type="text" aria-label="${spec.alias}" value="${value ?? ""}">`;
    }
    return html`<div class="control" data-testid="property-control" data-key="${spec.key}">${input}<button data-testid="property-set" type="button">Set</button></div>
      <div class="result" data-testid="property-result" data-key="${spec.key}"></div>`;
  }

  // The value as the API takes it: the format decides, never the text's look (a string property may hold "42").
  function parse(spec, text) {
    if (spec.format === "bool") return text === "true";
    if (numeric(spec.format)) {
      const n = Number(text);
      if (text.trim() === "" || Number.isNaN(n)) throw new Error(`${spec.alias} takes a number${spec.range ? ` in [${spec.range.min}, ${spec.range.max}]` : ""}.`);
      return n;
    }
    return text;
  }

  async function render(view, id) {
    const twin = await api(`/api/devices/${encodeURIComponent(id)}/twin`);
    const catalog = await api(`/api/catalog/${encodeURIComponent(twin.model)}`);
    const specs = new Map(catalog.properties.map(p => [p.key, p]));
    const history = await api(`/api/devices/${encodeURIComponent(id)}/history?limit=512`);
    const charted = catalog.properties.filter(p => numeric(p.format) || p.format === "bool");
    const points = new Map();
    for (const change of history.changes) {
      if (!points.has(change.key)) points.set(change.key, []);
      points.get(change.key).push({ t: Date.parse(change.changedAt), v: Number(change.value === true ? 1 : change.value === false ? 0 : change.value) });
    }
    // The chart opens on what moves: the property with the most recorded changes, a measured quantity before a switch.
    const weight = p => (points.get(p.key)?.length || 0) * 4 + (p.format === "float" ? 2 : 0) + (p.unit && p.unit !== "none" ? 1 : 0);
    let chartKey = [...charted].sort((a, b) => weight(b) - weight(a))[0]?.key;
    const shown = (spec, value) => {
      const item = spec?.valueList?.find(v => v.value === value);
      return item ? `${value} (${item.description})` : formatValue(value);
    };

    view.innerHTML = html`
      <h1 data-testid="device-name">${twin.name}</h1>
      <div class="sub">${twin.deviceId} · ${catalog.name} (${twin.model}, ${twin.type}) ·
        <span class="badge ${twin.online ? "online" : "offline"}" data-testid="device-online" id="device-online">${twin.online ? "online" : "offline"}</span>
        · last seen ${formatTime(twin.lastSeen)}
        ${twin.householdId ? html` · <a href="#/households/${encodeURIComponent(twin.householdId)}">${twin.householdId}</a>, ${twin.room}` : ""}</div>
      <div class="chart"><h3>History <select class="series" id="chart-key" aria-label="Property to chart">${charted.map(p => html`<option value="${p.key}" ${p.key === chartKey ? "selected" : ""}>${p.alias} (${p.key})</option>`)}</select></h3>
        <canvas data-testid="history-chart" id="history-chart"></canvas></div>
      <h2>Properties</h2>
      <table>
        <thead><tr><th>Key</th><th>Property</th><th>Value</th><th>Changed</th><th>Set</th></tr></thead>
        <tbody>${twin.properties.map(p => {
          const spec = specs.get(p.key);
          return html`<tr data-testid="property" data-key="${p.key}">
            <td>${p.key}</td><td>${p.alias}${spec?.unit && spec.unit !== "none" ? html` <span class="model">(${spec.unit})</span>` : ""}<div class="model">${spec?.description || ""}</div></td>
            <td data-testid="property-value">${shown(spec, p.value)}</td><td class="model" data-changed>${formatTime(p.changedAt)}</td>
            <td>${spec?.writable ? control(spec, p.value) : html`<span class="model">read only</span>`}</td></tr>`;
        })}</tbody>
      </table>`.text;

    const canvas = view.querySelector("#history-chart");
    const redraw = () => {
      const spec = specs.get(chartKey);
      LineChart.draw(canvas, chartKey ? [{ label: spec.alias, points: points.get(chartKey) || [], step: !numeric(spec.format) || spec.format !== "float" }] : [], { zero: false, empty: "No numeric property", span: 2 * 60 * 1000 });
    };
    view.querySelector("#chart-key").onchange = event => { chartKey = event.target.value; redraw(); };
    redraw();

    for (const element of view.querySelectorAll("[data-testid=property-control]")) {
      const key = element.dataset.key;
      const spec = specs.get(key);
      const result = view.querySelector(`[data-testid=property-result][data-key="${CSS.escape(key)}"]`);
      element.querySelector("button").onclick = async () => {
        const field = element.querySelector("input, select");
        result.className = "result";
        result.textContent = "sending…";
        try {
          const value = spec.valueList && spec.valueList.length ? Number(field.value) : parse(spec, field.value);
          const [outcome] = await api(`/api/devices/${encodeURIComponent(id)}/properties`, { method: "POST", body: JSON.stringify({ [key]: value }) });
          if (outcome.code === 0 || outcome.code === 1) {
            result.className = "result ok";
            result.textContent = outcome.code === 1 ? "accepted, the device confirms" : "ok";
          } else {
            result.className = "result bad";
            result.textContent = `MIoT ${outcome.code}: ${outcome.error}`;
          }
        } catch (error) {
          result.className = "result bad";
          result.textContent = error.message;
        }
      };
    }

    live(`/api/live/devices/${encodeURIComponent(id)}`, {
      property: ({ changes }) => {
        for (const change of changes) {
          const row = view.querySelector(`[data-testid=property][data-key="${CSS.escape(change.key)}"]`);
          if (row) {
            row.querySelector("[data-testid=property-value]").textContent = shown(specs.get(change.key), change.value);
            row.querySelector("[data-changed]").textContent = formatTime(change.changedAt);
            flash(row);
          }
          if (!points.has(change.key)) points.set(change.key, []);
          const series = points.get(change.key);
          series.push({ t: Date.parse(change.changedAt), v: Number(change.value === true ? 1 : change.value === false ? 0 : change.value) });
          if (series.length > 512) series.shift();
        }
        redraw();
      },
      online: ({ online }) => {
        const badge = view.querySelector("#device-online");
        badge.textContent = online ? "online" : "offline";
        badge.className = `badge ${online ? "online" : "offline"}`;
      },
    });
  }

  return { render };
})();
