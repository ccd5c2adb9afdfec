#!/usr/bin/env python3
"""A Xiaomi Smart Plug 2 (cuco.plug.v2eur) speaking the aiot MQTT contract (docs/mqtt-contract.md) with paho-mqtt.

Environment: AIOT_HOST (127.0.0.1), AIOT_PORT (1883), AIOT_DEVICE_ID, AIOT_DEVICE_SECRET, AIOT_REPORT_SECONDS (10).
"""
import json
import os
import random
import signal
import sys
import threading

import paho.mqtt.client as mqtt

HOST = os.environ.get("AIOT_HOST", "127.0.0.1")
PORT = int(os.environ.get("AIOT_PORT", "1883"))
DEVICE_ID = os.environ["AIOT_DEVICE_ID"]
SECRET = os.environ["AIOT_DEVICE_SECRET"]
REPORT_SECONDS = float(os.environ.get("AIOT_REPORT_SECONDS", "10"))
TOPIC = f"aiot/{DEVICE_ID}/"

# The plug's state, by MIoT "siid.piid": switch on (2.1), fault (2.3), energy kWh (11.1), power W (11.2), indicator light (13.1).
state = {"2.1": True, "2.3": 0, "11.1": 0.0, "11.2": 0.0, "13.1": True}
WRITABLE = {"2.1": bool, "13.1": bool}
lock = threading.RLock()


def say(line):
    print(line, flush=True)


def measure():
    """What the relay and meter read now: a kettle-sized load while switched on."""
    with lock:
        state["11.2"] = round(random.uniform(1800.0, 2000.0), 1) if state["2.1"] else 0.0
        state["11.1"] = round(state["11.1"] + state["11.2"] * REPORT_SECONDS / 3_600_000, 2)
        return dict(state)


def report(client, qos):
    """Measured and sent under the lock, so a reading taken before a set never goes out after the set's report."""
    with lock:
        client.publish(TOPIC + "report", json.dumps(measure()), qos=qos)


def on_connect(client, userdata, flags, reason_code, properties=None):
    if reason_code != 0:
        say(f"refused: {reason_code}")
        return
    client.subscribe([(TOPIC + "set", 1), (TOPIC + "action", 1), (TOPIC + "error", 0)])
    client.publish(TOPIC + "status", "online", qos=1, retain=True)
    report(client, 1)
    say("connected")


def on_message(client, userdata, message):
    topic = message.topic[len(TOPIC):]
    try:
        body = json.loads(message.payload)
    except ValueError:
        say(f"not json on {message.topic}")
        return
    if topic == "set":
        results = {}
        with lock:
            for key, value in body.get("set", {}).items():
                kind = WRITABLE.get(key)
                if kind is None or not isinstance(value, kind):
                    results[key] = -4002 if kind is None else -4005
                    continue
                state[key] = value
                results[key] = 0
                say(f"set {key}={json.dumps(value)}")
        client.publish(TOPIC + "set/reply", json.dumps({"id": body["id"], "results": results}), qos=1)
        report(client, 1)
    elif topic == "action":
        say(f"action {body.get('action')}")
        client.publish(TOPIC + "action/reply", json.dumps({"id": body["id"], "code": -4003, "out": []}), qos=1)
    elif topic == "error":
        for error in body.get("errors", []):
            # "message" is there only while it fits the error's 256 bytes, "key" only for a single property's refusal (docs/mqtt-contract.md).
            say(f"platform refused {error.get('key', '-')}: {error['code']} {error.get('message', '')}")


def report_forever(client, stop):
    while not stop.wait(REPORT_SECONDS):
        report(client, 0)


def main():
    try:
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=DEVICE_ID, protocol=mqtt.MQTTv311)
    except AttributeError:  # paho-mqtt 1.x, as Debian 12 ships it
        client = mqtt.Client(client_id=DEVICE_ID, protocol=mqtt.MQTTv311)
    client.username_pw_set(DEVICE_ID, SECRET)
    client.will_set(TOPIC + "status", "offline", qos=1, retain=True)
    client.on_connect = on_connect
    client.on_message = on_message
    client.connect(HOST, PORT, keepalive=30)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=report_forever, args=(client, stop), daemon=True).start()
    client.loop_start()
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    client.publish(TOPIC + "status", "offline", qos=1, retain=True).wait_for_publish(5)
    client.disconnect()
    client.loop_stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
