// Xiaomi Smart Plug 2 (cuco.plug.v2eur) as an ESP32 driving a relay, speaking the aiot MQTT contract
// (docs/mqtt-contract.md) over MQTT 3.1.1 with PubSubClient. Switch it from aiot (a scene, the HTTP API, Home
// Assistant) and it answers every set with MIoT result codes.
// Library: PubSubClient (Nick O'Leary). Board: any ESP32. Wiring: relay module input to GPIO 26.
#include <WiFi.h>
#include <PubSubClient.h>

// ---- Fill in: your Wi-Fi, the machine running aiot, and what `aiot devices add` printed. ----
const char* WIFI_SSID = "your-wifi";
const char* WIFI_PASSWORD = "your-wifi-password";
const char* AIOT_HOST = "192.168.1.10";   // start aiot with --mqtt 0.0.0.0:1883 so the board can reach it
const uint16_t AIOT_PORT = 1883;
const char* DEVICE_ID = "kettle-plug";    // aiot devices add --model cuco.plug.v2eur --id kettle-plug
const char* DEVICE_SECRET = "paste-the-password-here";
const int RELAY_PIN = 26;

WiFiClient wifi;
PubSubClient mqtt(wifi);
// aiot/ + a device id of up to 64 characters + /set/reply, and the terminating NUL.
char topicStatus[96], topicReport[96], topicSet[96], topicSetReply[96];
bool relayOn = false;

void reportSwitch() {
  mqtt.publish(topicReport, relayOn ? "{\"2.1\":true}" : "{\"2.1\":false}");
}

// aiot/{id}/set carries {"id":17,"set":{"2.1":true}}. Small enough to pick apart without a JSON library.
void onMessage(char* topic, byte* payload, unsigned int length) {
  char body[256];
  length = length < sizeof body - 1 ? length : sizeof body - 1;
  memcpy(body, payload, length);
  body[length] = 0;
  const char* id = strstr(body, "\"id\":");
  if (!id) return;
  long commandId = atol(id + 5);
  int code = 0;                                    // MIoT: 0 ok
  const char* sw = strstr(body, "\"2.1\":");
  if (sw) {
    relayOn = strncmp(sw + 6, "true", 4) == 0;
    digitalWrite(RELAY_PIN, relayOn ? HIGH : LOW);
  } else {
    code = -4003;                                  // MIoT: no such property on this device (only 2.1 is wired)
  }
  char reply[64];
  snprintf(reply, sizeof reply, "{\"id\":%ld,\"code\":%d}", commandId, code);
  mqtt.publish(topicSetReply, reply);
  reportSwitch();
}

void connectMqtt() {
  while (!mqtt.connected()) {
    if (mqtt.connect(DEVICE_ID, DEVICE_ID, DEVICE_SECRET, topicStatus, 1, true, "offline")) {
      mqtt.publish(topicStatus, "online", true);
      mqtt.subscribe(topicSet, 1);
      reportSwitch();
    } else {
      Serial.printf("MQTT connect failed, state %d; retrying in 5 s\n", mqtt.state());
      delay(5000);
    }
  }
}

void setup() {
  Serial.begin(115200);
  pinMode(RELAY_PIN, OUTPUT);
  digitalWrite(RELAY_PIN, LOW);
  snprintf(topicStatus, sizeof topicStatus, "aiot/%s/status", DEVICE_ID);
  snprintf(topicReport, sizeof topicReport, "aiot/%s/report", DEVICE_ID);
  snprintf(topicSet, sizeof topicSet, "aiot/%s/set", DEVICE_ID);
  snprintf(topicSetReply, sizeof topicSetReply, "aiot/%s/set/reply", DEVICE_ID);
  WiFi.begin(WIFI_SSID, WIFI_PASSWORD);
  while (WiFi.status() != WL_CONNECTED) delay(250);
  mqtt.setServer(AIOT_HOST, AIOT_PORT);
  mqtt.setCallback(onMessage);
}

void loop() {
  if (WiFi.status() != WL_CONNECTED) WiFi.reconnect();
  connectMqtt();
  mqtt.loop();
}
