using System.Text;
using System.Text.Json;
using AIoT.Ecosystem.Catalog;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Gateway.Tests.Support;
using AIoT.Mqtt.Packets;

namespace AIoT.Gateway.Tests;

/// <summary>
/// A device with a 256-byte packet buffer (Arduino PubSubClient's default) and the longest id, against a whole host:
/// what reaches it on the wire fits, over 3.1.1 and over 5.0 with Maximum Packet Size 256 (where the broker would
/// silently drop anything larger).
/// </summary>
public sealed class SmallDeviceTests
{
    private const string Model = "chuangmi.camera.ipc019";
    private const string DeviceId = DeviceMessageSizeTests.LongestId;
    private const int Limit = 256;

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Many_refused_values_come_back_in_one_packet_that_fits_naming_the_first_keys_and_how_many_more(MqttProtocolVersion version)
    {
        await using var host = await TestHost.StartAsync(allowAnonymous: false);
        var provisioned = await host.ProvisionAsync(Model, DeviceId);
        using var device = await SmallDeviceClient.ConnectAsync(host.MqttPort(), DeviceId, provisioned.Secret, version, version == MqttProtocolVersion.V500 ? Limit : null);
        await device.SubscribeAsync($"aiot/{DeviceId}/error");

        // Every property by its alias with a value of the wrong kind, then keys the camera does not have.
        var spec = DeviceCatalog.Default.Get(Model);
        var bad = spec.Properties
            .Select(p => (Sent: $"\"{p.Alias}\":{(p.Format is AIoT.Ecosystem.Catalog.Model.PropertyFormat.String ? "1.5" : "\"wrong\"")}", Refused: p.Key, Code: MiotCodes.PropertyValueError))
            .Concat(Enumerable.Range(0, 20).Select(i => (Sent: $"\"no-such.property-{i}\":1", Refused: $"no-such.property-{i}", Code: MiotCodes.NotFound)))
            .ToList();
        await device.PublishAsync($"aiot/{DeviceId}/report", "{" + string.Join(",", bad.Select(b => b.Sent)) + "}");

        var (error, wireBytes) = await device.ReceivePublishAsync();
        Assert.Equal($"aiot/{DeviceId}/error", error.Topic);
        Assert.True(wireBytes <= Limit, $"the error packet is {wireBytes} bytes");
        using var json = JsonDocument.Parse(error.Payload);
        Assert.Equal($"aiot/{DeviceId}/report", json.RootElement.GetProperty("topic").GetString());
        var listed = json.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.True(listed.Count >= 2, Encoding.UTF8.GetString(error.Payload.Span));
        Assert.Equal(bad.Take(listed.Count).Select(b => b.Refused), listed.Select(e => e.GetProperty("key").GetString()));
        Assert.Equal(bad.Take(listed.Count).Select(b => b.Code), listed.Select(e => e.GetProperty("code").GetInt32()));
        Assert.Equal(bad.Count - listed.Count, json.RootElement.GetProperty("more").GetInt32());
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task A_set_too_large_for_one_packet_arrives_as_several_that_fit_each_answered_on_its_own(MqttProtocolVersion version)
    {
        await using var host = await TestHost.StartAsync(allowAnonymous: false);
        var provisioned = await host.ProvisionAsync(Model, DeviceId);
        using var device = await SmallDeviceClient.ConnectAsync(host.MqttPort(), DeviceId, provisioned.Secret, version, version == MqttProtocolVersion.V500 ? Limit : null);
        await device.SubscribeAsync($"aiot/{DeviceId}/set");
        await device.PublishAsync($"aiot/{DeviceId}/status", "online");
        var twin = host.Device(DeviceId);
        await TestHost.EventuallyAsync(async () => (await twin.GetTwin()).Online, "the camera is online");

        // Every writable property of the camera changed at once, with its longest value: one set on the twin.
        var before = await twin.GetTwin();
        var spec = DeviceCatalog.Default.Get(Model);
        var writes = spec.Properties.Where(p => p.IsWritable).Select(p => new PropertyWrite(p.Key, Other(p, before[p.Key]!.Value))).ToList();
        Assert.All(await twin.SetProperties(writes), r => Assert.True(r.IsOk, r.Error));

        var received = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var ids = new List<long>();
        string? refusedKey = null;
        while (received.Count < writes.Count)
        {
            var (set, wireBytes) = await device.ReceivePublishAsync();
            Assert.True(wireBytes <= Limit, $"a set packet is {wireBytes} bytes");
            using var json = JsonDocument.Parse(set.Payload);
            var id = json.RootElement.GetProperty("id").GetInt64();
            ids.Add(id);
            var keys = new List<string>();
            foreach (var property in json.RootElement.GetProperty("set").EnumerateObject())
            {
                Assert.True(received.TryAdd(property.Name, property.Value.Clone()), $"{property.Name} is sent once");
                keys.Add(property.Name);
            }

            // The first command is refused, the others accepted: only the first one's properties go back.
            var reply = refusedKey is null
                ? $$"""{"id":{{id}},"code":{{MiotCodes.InternalError}}}"""
                : $$"""{"id":{{id}},"code":0}""";
            refusedKey ??= string.Join(",", keys);
            await device.PublishAsync($"aiot/{DeviceId}/set/reply", reply);
        }

        Assert.True(ids.Count > 1, "the set was split");
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(writes.Select(w => w.Key).Order(StringComparer.Ordinal), received.Keys.Order(StringComparer.Ordinal));
        var undone = refusedKey!.Split(',');
        await TestHost.EventuallyAsync(
            async () => await twin.GetTwin() is var t && undone.All(k => t[k]!.Value == before[k]!.Value),
            "the refused command's properties are back to what they were");
        var after = await twin.GetTwin();
        Assert.All(writes.Where(w => !undone.Contains(w.Key)), w => Assert.Equal(w.Value, after[w.Key]!.Value));
    }

    [Fact]
    public async Task A_value_too_long_for_any_packet_that_fits_goes_whole_in_its_own_set_and_is_counted()
    {
        long oversized = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AIoT.Gateway.Diagnostics.GatewayMetricNames.MeterName && instrument.Name == AIoT.Gateway.Diagnostics.GatewayMetricNames.CommandsOversized)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref oversized, value));
        listener.Start();
        await using var host = await TestHost.StartAsync(allowAnonymous: false);
        var provisioned = await host.ProvisionAsync("xiaomi.wifispeaker.lx06", DeviceId);
        using var device = await SmallDeviceClient.ConnectAsync(host.MqttPort(), DeviceId, provisioned.Secret, MqttProtocolVersion.V311);
        await device.SubscribeAsync($"aiot/{DeviceId}/set");
        await device.PublishAsync($"aiot/{DeviceId}/status", "online");
        var twin = host.Device(DeviceId);
        await TestHost.EventuallyAsync(async () => (await twin.GetTwin()).Online, "the speaker is online");

        // speaker.mute (2.2) and the text it is to say (5.1), far longer than a 256-byte packet holds.
        var text = string.Concat(Enumerable.Repeat("Dinner is ready, come down please. ", 8));
        var mute = !(await twin.GetTwin())["2.2"]!.Value.AsBool();
        Assert.All(await twin.SetProperties([new PropertyWrite("2.2", PropertyValue.Of(mute)), new PropertyWrite("5.1", PropertyValue.Of(text))]), r => Assert.True(r.IsOk, r.Error));

        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        while (sizes.Count < 2)
        {
            var (set, wireBytes) = await device.ReceivePublishAsync();
            using var json = JsonDocument.Parse(set.Payload);
            var values = json.RootElement.GetProperty("set").EnumerateObject().ToList();
            var only = Assert.Single(values);
            sizes.Add(only.Name, wireBytes);
            if (only.Name == "5.1")
            {
                Assert.Equal(text, only.Value.GetString());
            }
        }

        Assert.True(sizes["2.2"] <= Limit, "the property that fits is not held back by the one that does not");
        Assert.True(sizes["5.1"] > Limit);
        Assert.Equal(1, Interlocked.Read(ref oversized));
    }

    /// <summary>A valid value for the property other than the current one.</summary>
    private static PropertyValue Other(AIoT.Ecosystem.Catalog.Model.PropertySpec property, PropertyValue current)
    {
        if (property.Format == AIoT.Ecosystem.Catalog.Model.PropertyFormat.Bool)
        {
            return PropertyValue.Of(!current.AsBool());
        }

        var candidates = property.ValueList is { Count: > 0 } list
            ? list.Select(v => v.Value)
            : [(long)property.Range!.Min, (long)property.Range.Max];
        return PropertyValue.Of(candidates.First(v => PropertyValue.Of(v) != current));
    }
}
