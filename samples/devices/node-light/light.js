// A Yeelight ceiling light (yeelink.light.ceiling22) speaking the aiot MQTT contract (docs/mqtt-contract.md) with MQTT.js over MQTT 5.
// Environment: AIOT_URL (mqtt://127.0.0.1:1883), AIOT_DEVICE_ID, AIOT_DEVICE_SECRET, AIOT_REPORT_SECONDS (10).
const mqtt = require('mqtt');

const url = process.env.AIOT_URL || 'mqtt://127.0.0.1:1883';
const id = process.env.AIOT_DEVICE_ID;
const secret = process.env.AIOT_DEVICE_SECRET;
const reportSeconds = Number(process.env.AIOT_REPORT_SECONDS || '10');
const topic = `aiot/${id}/`;

// The light's state by MIoT "siid.piid": on (2.1), brightness 0-100 (2.2), colour temperature 2700-6500 K (2.3), mode (2.4).
const state = { '2.1': false, '2.2': 80, '2.3': 4000, '2.4': 0 };
const accepts = {
  '2.1': v => typeof v === 'boolean',
  '2.2': v => Number.isInteger(v) && v >= 0 && v <= 100,
  '2.3': v => Number.isInteger(v) && v >= 2700 && v <= 6500,
  '2.4': v => Number.isInteger(v) && v >= 0 && v <= 3,
};

const client = mqtt.connect(url, {
  protocolVersion: 5,
  clientId: id,
  username: id,
  password: secret,
  clean: true,
  keepalive: 30,
  will: { topic: topic + 'status', payload: 'offline', qos: 1, retain: true },
});

client.on('connect', () => {
  client.subscribe([topic + 'set', topic + 'action', topic + 'error'], { qos: 1 });
  client.publish(topic + 'status', 'online', { qos: 1, retain: true });
  client.publish(topic + 'report', JSON.stringify(state), { qos: 1 });
  console.log('connected');
});

client.on('error', err => console.log(`error: ${err.message}`));

client.on('message', (t, payload, packet) => {
  const kind = t.slice(topic.length);
  let body;
  try {
    body = JSON.parse(payload.toString());
  } catch {
    console.log(`not json on ${t}`);
    return;
  }
  // MQTT 5: answer on the response topic with the correlation data; the topic is the same as the 3.1.1 reply topic.
  const props = packet.properties || {};
  const replyTo = props.responseTopic || topic + kind + '/reply';
  const replyProps = props.correlationData ? { correlationData: props.correlationData } : {};
  if (kind === 'set') {
    const results = {};
    for (const [key, value] of Object.entries(body.set || {})) {
      if (!accepts[key]) { results[key] = -4002; continue; }
      if (!accepts[key](value)) { results[key] = -4005; continue; }
      state[key] = value;
      results[key] = 0;
      console.log(`set ${key}=${JSON.stringify(value)}`);
    }
    client.publish(replyTo, JSON.stringify({ id: body.id, results }), { qos: 1, properties: replyProps });
    // Reported at once, so the twin does not wait for the next periodic report to settle on what the light now shows.
    client.publish(topic + 'report', JSON.stringify(state), { qos: 1 });
  } else if (kind === 'action') {
    console.log(`action ${body.action}`);
    if (body.action === '2.1' || body.action === 'light.toggle') {
      state['2.1'] = !state['2.1'];
      client.publish(replyTo, JSON.stringify({ id: body.id, code: 0, out: [] }), { qos: 1, properties: replyProps });
      client.publish(topic + 'report', JSON.stringify({ '2.1': state['2.1'] }), { qos: 1 });
    } else {
      client.publish(replyTo, JSON.stringify({ id: body.id, code: -4003, out: [] }), { qos: 1, properties: replyProps });
    }
  } else if (kind === 'error') {
    // "message" is there only while it fits the error's 256 bytes, "key" only for a single property's refusal (docs/mqtt-contract.md).
    for (const e of body.errors || []) console.log(`platform refused ${e.key || '-'}: ${e.code} ${e.message || ''}`);
  }
});

const timer = setInterval(() => client.publish(topic + 'report', JSON.stringify(state), { qos: 0 }), reportSeconds * 1000);

function stop() {
  clearInterval(timer);
  client.publish(topic + 'status', 'offline', { qos: 1, retain: true }, () => client.end());
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
