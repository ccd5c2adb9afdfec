# Temperature and humidity sensor (lumi.sensor_ht.v1) in MicroPython on an ESP32 with a DHT22 on GPIO 4,
# speaking the aiot MQTT contract (docs/mqtt-contract.md) over MQTT 3.1.1 with umqtt.simple.
# Copy to the board as main.py (e.g. `mpremote cp main.py :main.py`), after filling in the settings.
import json
import time

import dht
import machine
import network
from umqtt.simple import MQTTClient

WIFI_SSID = "your-wifi"
WIFI_PASSWORD = "your-wifi-password"
AIOT_HOST = "192.168.1.10"        # start aiot with --mqtt 0.0.0.0:1883 so the board can reach it
AIOT_PORT = 1883
DEVICE_ID = "th-study"            # aiot devices add --model lumi.sensor_ht.v1 --id th-study
DEVICE_SECRET = "paste-the-password-here"
REPORT_SECONDS = 10

TOPIC = "aiot/" + DEVICE_ID + "/"


def on_message(topic, payload):
    # Only aiot/{id}/error arrives: the platform explaining a refused value.
    print("platform refused:", payload)


def connect():
    wlan = network.WLAN(network.STA_IF)
    wlan.active(True)
    if not wlan.isconnected():
        wlan.connect(WIFI_SSID, WIFI_PASSWORD)
        while not wlan.isconnected():
            time.sleep_ms(250)
    client = MQTTClient(DEVICE_ID, AIOT_HOST, port=AIOT_PORT, user=DEVICE_ID, password=DEVICE_SECRET, keepalive=30)
    client.set_last_will(TOPIC + "status", "offline", retain=True, qos=1)
    client.set_callback(on_message)
    client.connect()
    client.publish(TOPIC + "status", "online", retain=True, qos=1)
    client.subscribe(TOPIC + "error")
    return client


def main():
    sensor = dht.DHT22(machine.Pin(4))
    client = connect()
    while True:
        try:
            sensor.measure()
            # environment.temperature is 2.1 (°C), environment.relative-humidity 2.2 (%).
            client.publish(TOPIC + "report", json.dumps({"2.1": round(sensor.temperature(), 2), "2.2": round(sensor.humidity(), 2)}))
            client.check_msg()
        except OSError:
            time.sleep(5)
            client = connect()
        time.sleep(REPORT_SECONDS)


main()
