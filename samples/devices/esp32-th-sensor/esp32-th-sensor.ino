// Xiaomi-style temperature and humidity sensor (lumi.sensor_ht.v1) on an ESP32 with a DHT22, speaking the aiot
// MQTT contract (docs/mqtt-contract.md) over MQTT 3.1.1 with PubSubClient.
// Libraries: PubSubClient (Nick O'Leary), DHT sensor library (Adafruit). Board: any ESP32 (Arduino core 2.x or 3.x).
// Wiring: DHT22 data pin to GPIO 4, with a 10 kΩ pull-up to 3.3 V.
#include <WiFi.h>
#include <PubSubClient.h>
#include <DHT.h>

// ---- Fill in: your Wi-Fi, the machine running aiot, and what `aiot devices add` printed. ----
const char* WIFI_SSID = "your-wifi";
const char* WIFI_PASSWORD = "your-wifi-password";
const char* AIOT_HOST = "192.168.1.10";   // start aiot with --mqtt 0.0.0.0:1883 so the board can reach it
const uint16_t AIOT_PORT = 1883;
const char* DEVICE_ID = "th-bedroom";     // aiot devices add --model lumi.sensor_ht.v1 --id th-bedroom
const char* DEVICE_SECRET = "paste-the-password-here";
const unsigned long REPORT_EVERY_MS = 10000;

DHT dht(4, DHT22);
WiFiClient wifi;
PubSubClient mqtt(wifi);
// aiot/ + a device id of up to 64 characters + /error, and the terminating NUL.
char topicStatus[96], topicReport[96], topicError[96];
unsigned long lastReport = 0;

void onMessage(char* topic, byte* payload, unsigned int length) {
  // Only aiot/{id}/error arrives here: the platform explaining a refused value.
  Serial.print("platform refused: ");
  Serial.write(payload, length);
  Serial.println();
}

void connectMqtt() {
  while (!mqtt.connected()) {
    // Will: the platform marks the sensor offline if it vanishes. Birth: "online", retained.
    if (mqtt.connect(DEVICE_ID, DEVICE_ID, DEVICE_SECRET, topicStatus, 1, true, "offline")) {
      mqtt.publish(topicStatus, "online", true);
      mqtt.subscribe(topicError);
    } else {
      // state 4: wrong id or secret; 5: not authorised (see docs/mqtt-contract.md).
      Serial.printf("MQTT connect failed, state %d; retrying in 5 s\n", mqtt.state());
      delay(5000);
    }
  }
}

void setup() {
  Serial.begin(115200);
  dht.begin();
  snprintf(topicStatus, sizeof topicStatus, "aiot/%s/status", DEVICE_ID);
  snprintf(topicReport, sizeof topicReport, "aiot/%s/report", DEVICE_ID);
  snprintf(topicError, sizeof topicError, "aiot/%s/error", DEVICE_ID);
  WiFi.begin(WIFI_SSID, WIFI_PASSWORD);
  while (WiFi.status() != WL_CONNECTED) delay(250);
  mqtt.setServer(AIOT_HOST, AIOT_PORT);
  mqtt.setCallback(onMessage);
}

void loop() {
  if (WiFi.status() != WL_CONNECTED) WiFi.reconnect();
  connectMqtt();
  mqtt.loop();
  if (millis() - lastReport >= REPORT_EVERY_MS) {
    lastReport = millis();
    float t = dht.readTemperature();
    float h = dht.readHumidity();
    if (isnan(t) || isnan(h)) return;
    // environment.temperature is 2.1 (°C, step 0.01), environment.relative-humidity 2.2 (%, step 0.01).
    char body[64];
    snprintf(body, sizeof body, "{\"2.1\":%.2f,\"2.2\":%.2f}", t, h);
    mqtt.publish(topicReport, body);
  }
}
