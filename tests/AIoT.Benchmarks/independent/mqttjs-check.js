// Independent check of the end-to-end MQTT figure with MQTT.js: 4 connections publish QoS 1 reports on
// aiot/{id}/report for the 1,000 devices register-bulk.py registered, and count PUBACKs (MQTT.js calls a QoS 1
// publish's callback when its PUBACK arrives). Commands: README.md beside this file.
//   node mqttjs-check.js [port 18830] [seconds 10] [in flight per connection 100] [rate 0]
// rate 0: as fast as the in-flight window allows; rate > 0: paced at that total rate, latency p50/p99/max printed.
const path = require('path');

function loadMqtt() {
  const modules = process.env.AIOT_TEST_NODE_MODULES;
  try {
    // Resolved first: require('tests/.tools/...') would look for a package named "tests".
    return require(modules ? path.resolve(modules, 'mqtt') : 'mqtt');
  } catch (e) {
    console.error(`MQTT.js not found (${e.message.split('\n')[0]}): set NODE_PATH or AIOT_TEST_NODE_MODULES to tests/.tools/node_modules, which bash tests/run.sh fills`);
    process.exit(2);
  }
}

const mqtt = loadMqtt();
const port = Number(process.argv[2] || 18830);
const seconds = Number(process.argv[3] || 10);
const inflight = Number(process.argv[4] || 100);
const rate = Number(process.argv[5] || 0);
const CONNECTIONS = 4, DEVICES = 1000, WARMUP_SECONDS = 3;
const ids = Array.from({ length: DEVICES }, (_, i) => `bench-${String(i + 1).padStart(4, '0')}`);
let acked = 0, seq = 0, measuring = false, measured = 0, stop = false;
const latenciesMs = [];

// The same report as the benchmark's: the switch and the power (0.1 W steps up to 3680), changing every time.
function payload(n) {
  return `{"2.1":${n % 2 === 0},"11.2":${Math.floor((n % 36800) / 10)}.${n % 10}}`;
}

function publishFrom(client) {
  let pending = 0, sent = 0;
  const t0 = process.hrtime.bigint();
  function pump() {
    if (stop) return;
    let allowed = inflight - pending;
    if (rate > 0) {
      const due = Math.floor(Number(process.hrtime.bigint() - t0) / 1e9 * rate / CONNECTIONS) - sent;
      allowed = Math.min(allowed, due);
    }
    for (let k = 0; k < allowed; k++) {
      const n = seq++;
      const start = process.hrtime.bigint();
      pending++; sent++;
      client.publish(`aiot/${ids[n % DEVICES]}/report`, payload(Math.floor(n / DEVICES) + 1), { qos: 1 }, (err) => {
        pending--;
        if (!err) {
          acked++;
          if (measuring) {
            measured++;
            if (rate > 0) latenciesMs.push(Number(process.hrtime.bigint() - start) / 1e6);
          }
        }
        if (rate === 0) setImmediate(pump);
      });
    }
  }
  if (rate > 0) {
    const timer = setInterval(() => { if (stop) clearInterval(timer); else pump(); }, 1);
  } else {
    pump();
  }
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)].toFixed(2) : 'n/a';
}

function report() {
  let last = 0, t = 0;
  const tick = setInterval(() => {
    t++;
    console.log(`  [mqtt.js] ${t} s ${acked} acked, ${acked - last}/s${measuring ? '' : ' (warm-up)'}`);
    last = acked;
    if (t === WARMUP_SECONDS) { measuring = true; measured = 0; }
    if (t === WARMUP_SECONDS + seconds) {
      stop = true; measuring = false;
      clearInterval(tick);
      const sorted = latenciesMs.sort((a, b) => a - b);
      const paced = rate > 0 ? `, paced at ${rate}/s: p50 ${percentile(sorted, 50)} ms p99 ${percentile(sorted, 99)} ms max ${percentile(sorted, 100)} ms (${sorted.length} samples)` : '';
      console.log(`RESULT reports/s ${(measured / seconds).toFixed(0)} over ${seconds} s after ${WARMUP_SECONDS} s warm-up, ${CONNECTIONS} connections, ${inflight} in flight each${paced}`);
      setTimeout(() => { clients.forEach((c) => c.end(true)); process.exit(0); }, 500);
    }
  }, 1000);
}

const clients = [];
for (let c = 0; c < CONNECTIONS; c++) {
  const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: `mqttjs-load-${c}`, protocolVersion: 4, clean: true, reconnectPeriod: 0 });
  client.on('error', (e) => { console.error('client', c, e.message); process.exit(1); });
  client.on('connect', () => {
    clients.push(client);
    publishFrom(client);
    if (clients.length === CONNECTIONS) report();
  });
}
