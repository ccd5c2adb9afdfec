'use strict';
// MQTT.js clients for the broker bench's burst row, so the row is also measured with a client the bench did not write.
//   node burst.js sub <port> <expected> <quiet-ms> <limit-ms>
//     subscribes to bench/#, prints "subscribed"; after "published" on stdin it waits until <expected> messages have
//     arrived or none has for <quiet-ms>, then prints "delivered N seconds S" (S from first to last message received)
//     and exits when stdin closes.
//   node burst.js pub <port> <index> <count> <payload-bytes> <limit-ms>
//     connects, prints "connected"; on "go" publishes <count> QoS 0 messages on bench/p<index> as fast as MQTT.js
//     takes them, then disconnects and prints "published".
// Every process exits by <limit-ms> whatever happens, so a stalled broker cannot leave clients behind.
const mqtt = require('mqtt');
const readline = require('readline');

const [role, port, ...rest] = process.argv.slice(2);
const url = `mqtt://127.0.0.1:${port}`;
const common = { protocolVersion: 4, clean: true, reconnectPeriod: 0, connectTimeout: 10000, keepalive: 60 };

function onStdinLine(handle) {
  readline
    .createInterface({ input: process.stdin })
    .on('line', (line) => handle(line.trim()))
    .on('close', () => process.exit(0));
}

function exitBy(limitMs) {
  setTimeout(() => {
    console.error(`${role}: stopped at the ${limitMs} ms limit`);
    process.exit(3);
  }, limitMs).unref();
}

function subscribe(expected, quietMs, limitMs) {
  exitBy(limitMs);
  const client = mqtt.connect(url, { ...common, clientId: 'burst-mqttjs-sub' });
  let delivered = 0;
  let first = 0n;
  let last = 0n;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    const seconds = delivered > 1 ? Number(last - first) / 1e9 : 0;
    // Written once; the process then stays until the bench closes stdin, so the bench's "published" finds it.
    process.stdout.write(`delivered ${delivered} seconds ${seconds}\n`);
    client.end(true);
  };
  client.on('message', () => {
    const now = process.hrtime.bigint();
    if (delivered === 0) first = now;
    last = now;
    delivered++;
    if (delivered === expected) finish();
  });
  client.on('connect', () => {
    client.subscribe('bench/#', { qos: 0 }, (err) => {
      if (err) {
        console.error(`subscriber: ${err.message}`);
        process.exit(1);
      }
      process.stdout.write('subscribed\n');
    });
  });
  client.on('error', (err) => console.error(`subscriber: ${err.message}`));
  client.on('close', finish);
  onStdinLine((line) => {
    if (line !== 'published' || finished) return;
    const publishedAt = process.hrtime.bigint();
    setInterval(() => {
      const latest = last > publishedAt ? last : publishedAt;
      if (process.hrtime.bigint() - latest >= BigInt(quietMs) * 1000000n) finish();
    }, 50);
  });
}

function publish(index, count, size, limitMs) {
  exitBy(limitMs);
  const client = mqtt.connect(url, { ...common, clientId: `burst-mqttjs-pub-${index}` });
  const topic = `bench/p${index}`;
  const payload = Buffer.alloc(size);
  client.on('connect', () => {
    // MQTT.js waits for 'drain' once per publish the socket did not take at once; a burst adds thousands of waiters.
    client.stream.setMaxListeners(0);
    process.stdout.write('connected\n');
  });
  client.on('error', (err) => {
    console.error(`publisher ${index}: ${err.message}`);
    process.exit(1);
  });
  onStdinLine((line) => {
    if (line !== 'go') return;
    let written = 0;
    const sent = (err) => {
      if (err) {
        console.error(`publisher ${index}: ${err.message}`);
        process.exit(1);
      }
      if (++written === count) {
        client.end(false, () => process.stdout.write('published\n', () => process.exit(0)));
      }
    };
    for (let i = 0; i < count; i++) client.publish(topic, payload, { qos: 0 }, sent);
  });
}

const numbers = rest.map(Number);
if (role === 'sub' && numbers.length === 3 && numbers.every(Number.isFinite)) {
  subscribe(...numbers);
} else if (role === 'pub' && numbers.length === 4 && numbers.every(Number.isFinite)) {
  publish(...numbers);
} else {
  console.error('usage: node burst.js sub <port> <expected> <quiet-ms> <limit-ms> | pub <port> <index> <count> <payload-bytes> <limit-ms>');
  process.exit(2);
}
