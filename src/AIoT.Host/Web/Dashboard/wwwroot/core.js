// What every view uses: the API, HTML building, formatting, and the page's one live stream.
"use strict";

const Core = (() => {
  class ApiError extends Error {
    constructor(status, detail) { super(detail); this.status = status; }
  }

  async function api(path, options = {}) {
    const response = await fetch(path, {
      ...options,
      headers: { "Accept": "application/json", ...(options.body ? { "Content-Type": "application/json" } : {}), ...(options.headers || {}) },
    });
    const text = await response.text();
    const body = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, (body && (body.detail || body.title)) || `${response.status} ${response.statusText}`);
    return body;
  }

  const escapes = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  const esc = value => String(value ?? "").replace(/[&<>"']/g, c => escapes[c]);

  // html`<b>${x}</b>` escapes every value; raw(...) passes markup built by html through.
  class Raw { constructor(text) { this.text = text; } toString() { return this.text; } }
  const raw = text => new Raw(text);
  function html(strings, ...values) {
    return raw(strings.reduce((out, s, i) => out + s + (i < values.length ? part(values[i]) : ""), ""));
  }
  function part(value) {
    if (value instanceof Raw) return value.text;
    if (Array.isArray(value)) return value.map(part).join("");
    return esc(value);
  }

  const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
  function formatValue(value) {
    if (value === null || value === undefined) return "–";
    if (typeof value === "number") return number.format(value);
    return String(value);
  }
  const formatCount = n => new Intl.NumberFormat("en-US").format(n);
  function formatTime(iso) {
    if (!iso) return "–";
    const d = new Date(iso);
    return d.getFullYear() < 2000 ? "–" : d.toLocaleString();
  }
  const idLink = (kind, id) => html`<a href="#/${kind}/${encodeURIComponent(id)}">${id}</a>`;

  // The page's one stream: a view opens it for what it shows; moving to another view closes it.
  let stream = null;
  const status = () => document.getElementById("live-status");
  function setStatus(text, state) {
    const element = status();
    element.textContent = text;
    element.className = "live " + (state || "");
  }
  function live(path, handlers) {
    closeLive();
    setStatus("connecting");
    const source = new EventSource(path);
    stream = source;
    source.addEventListener("ready", () => setStatus("live", "on"));
    source.onerror = () => { if (stream === source) setStatus(source.readyState === EventSource.CLOSED ? "offline" : "reconnecting", "off"); };
    for (const [type, handle] of Object.entries(handlers)) {
      source.addEventListener(type, event => {
        if (stream !== source) return;
        try { handle(JSON.parse(event.data)); } catch (e) { console.error(type, e); }
      });
    }
  }
  function closeLive() {
    if (stream) { stream.close(); stream = null; }
    setStatus("idle");
  }

  // A scene firing: which scene, whether every action went well, what set it off, each action's outcome.
  function firing(f, householdId) {
    return html`
      <li data-testid="firing">
        <div><b>${f.sceneId}</b>${householdId ? html` in <a href="#/households/${encodeURIComponent(householdId)}">${householdId}</a>` : ""}
          <span class="badge ${f.succeeded ? "ok" : "bad"}">${f.succeeded ? "ok" : "not all ok"}</span> <span class="when">${formatTime(f.at)}</span></div>
        <div>Trigger: ${f.trigger}</div>
        <div class="outcomes">${f.outcomes.map(o => html`<div>${o.index + 1}. ${o.action} → ${o.target || ""}: ${o.status}${o.detail ? ` (${o.detail})` : ""}</div>`)}</div>
      </li>`;
  }

  function flash(element) {
    element.classList.remove("flash");
    void element.offsetWidth;
    element.classList.add("flash");
  }

  function showError(view, error, retry) {
    if (error instanceof ApiError && error.status === 401) {
      askForToken(view, retry);
      return;
    }
    view.innerHTML = html`<div class="error">${error.message}</div>`.text;
  }

  // A host listening beyond loopback wants its API token; the browser keeps it as a cookie (POST /api/session).
  function askForToken(view, retry) {
    view.innerHTML = html`<h1>This host needs its API token</h1>
      <div class="sub">The token the host was started with (--api-token or AIOT_API_TOKEN). It is kept in an HttpOnly cookie for this site.</div>
      <form id="token-form" class="control"><input type="password" id="token" data-testid="api-token" autocomplete="current-password" aria-label="API token">
      <button type="submit">Open</button></form><div class="result bad" id="token-result"></div>`.text;
    view.querySelector("#token-form").onsubmit = async event => {
      event.preventDefault();
      try {
        await api("/api/session", { method: "POST", body: JSON.stringify({ token: view.querySelector("#token").value }) });
        retry();
      } catch (e) {
        view.querySelector("#token-result").textContent = e.message;
      }
    };
  }

  return { api, ApiError, html, raw, esc, formatValue, formatCount, formatTime, idLink, live, closeLive, flash, firing, showError };
})();
