using System.Text.Json;
using AIoT.Gateway.Provisioning;
using Microsoft.AspNetCore.Http;

namespace AIoT.Host.Web;

/// <summary>
/// The answer to POST /api/devices/bulk, {"devices": [credentials, ...]}: the same credentials as one registration's
/// answer, but written straight to the response as they are encoded. Through the serializer, 10,000 of them were an
/// object graph of 30,000 anonymous objects read back by reflection, and 3 MB held before the first byte went out.
/// </summary>
internal sealed class BulkCredentialsResult(IReadOnlyList<DeviceProvisionResult> results, MqttConnectionInfo mqtt) : IResult
{
    private const int FlushBytes = 64 * 1024;

    private static readonly JsonEncodedText Devices = JsonEncodedText.Encode("devices");
    private static readonly JsonEncodedText Device = JsonEncodedText.Encode("device");
    private static readonly JsonEncodedText DeviceId = JsonEncodedText.Encode("deviceId");
    private static readonly JsonEncodedText Model = JsonEncodedText.Encode("model");
    private static readonly JsonEncodedText HouseholdId = JsonEncodedText.Encode("householdId");
    private static readonly JsonEncodedText Room = JsonEncodedText.Encode("room");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText RegisteredAt = JsonEncodedText.Encode("registeredAt");
    private static readonly JsonEncodedText HouseholdCreated = JsonEncodedText.Encode("householdCreated");
    private static readonly JsonEncodedText Mqtt = JsonEncodedText.Encode("mqtt");
    private static readonly JsonEncodedText Host = JsonEncodedText.Encode("host");
    private static readonly JsonEncodedText Port = JsonEncodedText.Encode("port");
    private static readonly JsonEncodedText ClientId = JsonEncodedText.Encode("clientId");
    private static readonly JsonEncodedText Username = JsonEncodedText.Encode("username");
    private static readonly JsonEncodedText Password = JsonEncodedText.Encode("password");
    private static readonly JsonEncodedText TopicPrefix = JsonEncodedText.Encode("topicPrefix");

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var body = response.BodyWriter;
        var host = JsonEncodedText.Encode(mqtt.Host);
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteStartArray(Devices);
        foreach (var result in results)
        {
            Write(json, result, host);
            if (json.BytesPending >= FlushBytes)
            {
                json.Flush();
                await body.FlushAsync(httpContext.RequestAborted);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>One device's credentials, field for field what POST /api/devices answers.</summary>
    private void Write(Utf8JsonWriter json, DeviceProvisionResult result, JsonEncodedText host)
    {
        var device = result.Device;
        json.WriteStartObject();
        json.WriteStartObject(Device);
        json.WriteString(DeviceId, device.DeviceId);
        json.WriteString(Model, device.Model);
        json.WriteString(HouseholdId, device.HouseholdId);
        json.WriteString(Room, device.Room);
        json.WriteString(Name, device.Name);
        json.WriteString(RegisteredAt, device.RegisteredAt);
        json.WriteEndObject();
        json.WriteBoolean(HouseholdCreated, result.HouseholdCreated);
        json.WriteStartObject(Mqtt);
        json.WriteString(Host, host);
        json.WriteNumber(Port, mqtt.Port);
        json.WriteString(ClientId, device.DeviceId);
        json.WriteString(Username, device.DeviceId);
        json.WriteString(Password, result.Secret);
        json.WriteString(TopicPrefix, $"aiot/{device.DeviceId}/");
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
