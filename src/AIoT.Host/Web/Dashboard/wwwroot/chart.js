// A small line chart on a canvas: time on x, one or more series on y. Written here so the dashboard needs no library.
"use strict";

const LineChart = (() => {
  const colors = ["#ff6700", "#2f6fde", "#12805c", "#9b51e0", "#c0362c", "#b26b00"];

  function niceStep(range, ticks) {
    const raw = range / Math.max(1, ticks);
    const power = Math.pow(10, Math.floor(Math.log10(raw || 1)));
    const unit = raw / power;
    return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
  }

  function formatValue(v) {
    const a = Math.abs(v);
    if (a >= 1e6) return (v / 1e6).toFixed(a >= 1e7 ? 0 : 1) + "M";
    if (a >= 1e4) return (v / 1e3).toFixed(a >= 1e5 ? 0 : 1) + "k";
    if (a >= 100 || Number.isInteger(v)) return String(Math.round(v));
    return v.toFixed(a >= 10 ? 1 : 2);
  }

  function formatTime(ms) {
    const d = new Date(ms);
    return d.toTimeString().slice(0, 8);
  }

  // series: [{ label, points: [{ t: ms, v: number }] }]
  function draw(canvas, series, options = {}) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 400;
    const height = canvas.clientHeight || 200;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    g.font = "11px system-ui, sans-serif";

    const all = series.flatMap(s => s.points);
    const left = 46, right = 10, top = 18, bottom = 22;
    const plotW = width - left - right, plotH = height - top - bottom;
    if (all.length === 0) {
      g.fillStyle = "#667085";
      g.fillText(options.empty || "No data yet", left, top + plotH / 2);
      return;
    }

    let tMin = Math.min(...all.map(p => p.t)), tMax = Math.max(...all.map(p => p.t));
    if (options.window) tMin = Math.max(tMin, tMax - options.window);
    if (tMax - tMin < (options.span || 1000)) tMin = tMax - (options.span || 1000);
    let vMin = Math.min(...all.map(p => p.v)), vMax = Math.max(...all.map(p => p.v));
    if (options.zero !== false) vMin = Math.min(0, vMin);
    if (vMax - vMin < 1e-9) { vMax += 1; vMin -= options.zero !== false && vMin === 0 ? 0 : 1; }
    const step = niceStep(vMax - vMin, 4);
    vMin = Math.floor(vMin / step) * step;
    vMax = Math.ceil(vMax / step) * step;

    const x = t => left + (t - tMin) / (tMax - tMin) * plotW;
    const y = v => top + plotH - (v - vMin) / (vMax - vMin) * plotH;

    g.strokeStyle = "#e3e6ec"; g.fillStyle = "#667085"; g.lineWidth = 1;
    for (let v = vMin; v <= vMax + step / 2; v += step) {
      g.beginPath(); g.moveTo(left, y(v) + .5); g.lineTo(width - right, y(v) + .5); g.stroke();
      g.fillText(formatValue(v), 4, y(v) + 4);
    }
    const tStep = Math.max(1000, niceStep(tMax - tMin, 4));
    for (let t = Math.ceil(tMin / tStep) * tStep; t <= tMax; t += tStep) {
      g.fillText(formatTime(t), Math.min(x(t) - 22, width - right - 46), height - 6);
    }

    series.forEach((s, i) => {
      const points = s.points.filter(p => p.t >= tMin);
      g.strokeStyle = s.color || colors[i % colors.length];
      g.lineWidth = 1.8;
      g.beginPath();
      points.forEach((p, j) => {
        const px = x(p.t), py = y(p.v);
        if (j === 0) g.moveTo(px, py);
        else if (s.step) { g.lineTo(px, y(points[j - 1].v)); g.lineTo(px, py); }
        else g.lineTo(px, py);
      });
      if (s.step && points.length) g.lineTo(x(tMax), y(points[points.length - 1].v));
      g.stroke();
      if (points.length === 1) { g.fillStyle = g.strokeStyle; g.fillRect(x(points[0].t) - 2, y(points[0].v) - 2, 4, 4); }
    });

    let lx = left;
    series.forEach((s, i) => {
      const last = s.points.length ? s.points[s.points.length - 1].v : null;
      const text = s.label + (last === null ? "" : ": " + formatValue(last));
      g.fillStyle = s.color || colors[i % colors.length];
      g.fillRect(lx, 5, 10, 3);
      g.fillStyle = "#1d2330";
      g.fillText(text, lx + 14, 11);
      lx += g.measureText(text).width + 30;
    });
  }

  return { draw, formatValue };
})();
