using System.Buffers;
using System.Text;
using System.Text.Json;
using AIoT.Ecosystem.Catalog;
using AIoT.Ecosystem.Catalog.Model;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Gateway.Contract;
using AIoT.Mqtt.Codec;
using AIoT.Mqtt.Packets;

namespace AIoT.Gateway.Tests;

/// <summary>
/// Every kind of message the gateway sends a device, built as the gateway builds it for the worst case (a 64-character
/// id, the longest topics, many refusals, the catalog's longest names and values) and encoded by the MQTT codec:
/// each packet fits Arduino PubSubClient's default 256 bytes, over 3.1.1 and over 5.0 with what a broker adds.
/// </summary>
public sealed class DeviceMessageSizeTests
{
    /// <summary>64 characters, the longest id a device may have.</summary>
    public const string LongestId = "kitchen.ceiling-camera.above-the-window-by-the-back-door-no-0042";

    private const int Limit = 256;

    [Fact]
    public void The_longest_id_is_the_longest_a_device_may_have() =>
        Assert.Equal(AIoT.Gateway.Provisioning.DeviceIds.MaxLength, LongestId.Length);

    [Theory]
    [InlineData("aiot/k/error", false, null, 0)]
    [InlineData("aiot/" + LongestId + "/error", false, null, 0)]
    [InlineData("aiot/" + LongestId + "/set", true, "aiot/" + LongestId + "/set/reply", 10)]
    [InlineData("aiot/" + LongestId + "/action", true, "aiot/" + LongestId + "/action/reply", 3)]
    public void The_computed_packet_size_is_what_the_codec_writes(string topic, bool qos1, string? responseTopic, int correlationBytes)
    {
        // Around 128 and 16,384 bytes the remaining length takes another byte.
        foreach (var payload in new[] { 0, 1, 20, 60, 100, 110, 120, 125, 126, 127, 128, 129, 200, 300, 16_300, 16_400 })
        {
            var computed = DevicePacketBudget.PacketBytes(topic, payload, qos1, responseTopic, correlationBytes);
            var written = WireBytes(MqttProtocolVersion.V500, topic, new byte[payload], qos1, responseTopic, correlationBytes > 0 ? new byte[correlationBytes] : null);
            Assert.Equal(written, computed);
        }

        var room = DevicePacketBudget.MaxPayloadBytes(topic, qos1, responseTopic, correlationBytes);
        Assert.Equal(Limit, DevicePacketBudget.PacketBytes(topic, room, qos1, responseTopic, correlationBytes));
    }

    [Fact]
    public void Two_refused_values_to_a_twelve_character_id_fit_with_their_messages()
    {
        // The case: 333 bytes before the error was made compact.
        var spec = DeviceCatalog.Default.Get("lumi.sensor_ht.v1");
        const string DeviceId = "th-bedroom-2";
        var refused = new List<RefusedItem> { Refusal(spec, "2.2", PropertyValue.Of(140)), Refusal(spec, "3.1", PropertyValue.Of("full")) };

        var payload = ErrorPayload(DeviceId, DeviceTopics.For(DeviceId, DeviceTopicKind.Report), refused);

        AssertFits(DeviceTopics.For(DeviceId, DeviceTopicKind.Error), payload, qos1: false);
        using var json = JsonDocument.Parse(payload);
        var errors = json.RootElement.GetProperty("errors");
        Assert.Equal(["2.2", "3.1"], errors.EnumerateArray().Select(e => e.GetProperty("key").GetString()));
        Assert.Equal([MiotCodes.PropertyValueError, MiotCodes.PropertyValueError], errors.EnumerateArray().Select(e => e.GetProperty("code").GetInt32()));
        Assert.Equal(refused[0].Message, errors[0].GetProperty("message").GetString());
        Assert.False(json.RootElement.TryGetProperty("more", out _));
    }

    [Theory]
    [InlineData(DeviceTopicKind.Report)]
    [InlineData(DeviceTopicKind.Event)]
    [InlineData(DeviceTopicKind.Status)]
    [InlineData(DeviceTopicKind.SetReply)]
    [InlineData(DeviceTopicKind.ActionReply)]
    [InlineData(DeviceTopicKind.TwinSet)]
    public void An_error_for_many_refused_values_to_the_longest_id_fits_and_names_the_first_keys_and_how_many_more(DeviceTopicKind refusedOn)
    {
        // Every property of the models with the longest names, reported by alias with a value of the wrong kind, then
        // keys the device made up, longer than any: 200 and more refusals, their messages as the grain writes them.
        var refused = new List<RefusedItem>();
        foreach (var spec in DeviceCatalog.Default.Devices.OrderByDescending(d => d.Properties.Max(p => p.Alias.Length)).Take(3))
        {
            refused.AddRange(spec.Properties.Select(p => Refusal(spec, p.Alias, p.Format is PropertyFormat.String or PropertyFormat.Hex ? PropertyValue.Of(1.5) : PropertyValue.Of("not-a-" + p.Format.Name()))));
        }

        refused.AddRange(Enumerable.Range(0, 200).Select(i => new RefusedItem($"physical-controls-locked.no-such-property-{i}", MiotCodes.NotFound, $"zhimi.airp.mb3 has no property 'physical-controls-locked.no-such-property-{i}'.")));
        var topic = DeviceTopics.For(LongestId, refusedOn);

        var payload = ErrorPayload(LongestId, topic, refused);

        AssertFits(DeviceTopics.For(LongestId, DeviceTopicKind.Error), payload, qos1: false);
        using var json = JsonDocument.Parse(payload);
        Assert.Equal(topic, json.RootElement.GetProperty("topic").GetString());
        var listed = json.RootElement.GetProperty("errors").EnumerateArray().ToList();
        // Only a report is refused item by item; a refusal on any other topic is one, of the whole message.
        Assert.True(listed.Count >= (refusedOn == DeviceTopicKind.Report ? 2 : 1), $"the first refusals are listed; got {Encoding.UTF8.GetString(payload)}");
        for (var i = 0; i < listed.Count; i++)
        {
            Assert.Equal(refused[i].Key, listed[i].GetProperty("key").GetString());
            Assert.Equal(refused[i].Code, listed[i].GetProperty("code").GetInt32());
        }

        Assert.Equal(refused.Count - listed.Count, json.RootElement.GetProperty("more").GetInt32());
    }

    [Fact]
    public void Keys_come_before_text_and_text_that_does_not_fit_is_cut_then_left_out()
    {
        const string DeviceId = "th-bedroom-2";
        var refused = Enumerable.Range(1, 3).Select(i => new RefusedItem($"2.{i}", MiotCodes.PropertyValueError, new string('m', 200) + i)).ToList();

        var payload = ErrorPayload(DeviceId, DeviceTopics.For(DeviceId, DeviceTopicKind.Report), refused);

        AssertFits(DeviceTopics.For(DeviceId, DeviceTopicKind.Error), payload, qos1: false);
        using var json = JsonDocument.Parse(payload);
        var listed = json.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(["2.1", "2.2", "2.3"], listed.Select(e => e.GetProperty("key").GetString()));
        Assert.False(json.RootElement.TryGetProperty("more", out _));
        var cut = listed[0].GetProperty("message").GetString()!;
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.StartsWith(cut[..^1], refused[0].Message, StringComparison.Ordinal);
        Assert.True(payload.Length > DevicePacketBudget.ForError(DeviceId) - 3, "the cut message takes the room there is");
        Assert.All(listed.Skip(1), e => Assert.False(e.TryGetProperty("message", out _), "no text after the first that did not fit whole"));
    }

    [Theory]
    [InlineData(DeviceTopicKind.Report)]
    [InlineData(DeviceTopicKind.Event)]
    [InlineData(DeviceTopicKind.Status)]
    [InlineData(DeviceTopicKind.SetReply)]
    [InlineData(DeviceTopicKind.ActionReply)]
    [InlineData(DeviceTopicKind.TwinSet)]
    public void A_refusal_of_a_whole_message_with_a_long_reason_to_the_longest_id_keeps_its_code_and_the_start_of_its_reason(DeviceTopicKind refusedOn)
    {
        var reason = "The payload is not valid JSON: " + new string('x', 400);
        var payload = ErrorPayload(LongestId, DeviceTopics.For(LongestId, refusedOn), [new RefusedItem(null, MiotCodes.PropertyValueError, reason)]);

        AssertFits(DeviceTopics.For(LongestId, DeviceTopicKind.Error), payload, qos1: false);
        using var json = JsonDocument.Parse(payload);
        var only = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(MiotCodes.PropertyValueError, only.GetProperty("code").GetInt32());
        var message = only.GetProperty("message").GetString()!;
        Assert.True(message.Length >= "The payload is not".Length, message);
        Assert.StartsWith(message[..^1], reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_the_device_made_up_is_cut_and_text_is_never_split_inside_a_character()
    {
        var key = new string('k', 100);
        var message = string.Concat(Enumerable.Repeat("😀", 200));
        var payload = ErrorPayload("dev", "aiot/dev/report", [new RefusedItem(key, MiotCodes.NotFound, message)]);

        AssertFits("aiot/dev/error", payload, qos1: false);
        using var json = JsonDocument.Parse(payload);
        var only = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(new string('k', CompactError.MaxKeyChars - 1) + "…", only.GetProperty("key").GetString());
        var text = only.GetProperty("message").GetString()!;
        Assert.Equal(message[..(text.Length - 1)] + "…", text);
        Assert.True(text.Length % 2 == 1, "whole surrogate pairs, then the ellipsis");
    }

    [Fact]
    public void Every_set_of_every_catalog_model_to_the_longest_id_goes_in_commands_that_fit()
    {
        var topic = DeviceTopics.For(LongestId, DeviceTopicKind.Set);
        var room = DevicePacketBudget.ForCommand(LongestId, DeviceTopicKind.Set, DeviceTopicKind.SetReply);
        foreach (var spec in DeviceCatalog.Default.Devices)
        {
            var writes = spec.Properties.Where(p => p.IsWritable && p.Format is not (PropertyFormat.String or PropertyFormat.Hex))
                .Select(p => new PropertyWrite(p.Key, LongestValue(p))).ToList();
            if (writes.Count == 0)
            {
                continue;
            }

            var batches = SetSplitter.Split(writes, room);

            Assert.Equal(writes, batches.SelectMany(b => b));
            foreach (var batch in batches)
            {
                AssertFits(topic, ContractJson.WriteSet(new SetCommand(DevicePacketBudget.MaxCommandId, batch)), qos1: true, DeviceTopics.For(LongestId, DeviceTopicKind.SetReply));
            }
        }
    }

    [Fact]
    public void A_set_that_fits_whole_is_not_split_and_one_that_does_not_is_split_no_further_than_needed()
    {
        var spec = DeviceCatalog.Default.Get("chuangmi.camera.ipc019");
        var writes = spec.Properties.Where(p => p.IsWritable).Select(p => new PropertyWrite(p.Key, LongestValue(p))).ToList();

        Assert.Single(SetSplitter.Split(writes, DevicePacketBudget.ForCommand("cam", DeviceTopicKind.Set, DeviceTopicKind.SetReply)));
        var room = DevicePacketBudget.ForCommand(LongestId, DeviceTopicKind.Set, DeviceTopicKind.SetReply);
        var batches = SetSplitter.Split(writes, room);
        Assert.True(batches.Count > 1);
        for (var i = 0; i + 1 < batches.Count; i++)
        {
            // The next write would not have fitted in this command.
            var grown = new List<PropertyWrite>(batches[i]) { batches[i + 1][0] };
            Assert.True(ContractJson.WriteSet(new SetCommand(DevicePacketBudget.MaxCommandId, grown)).Length > room);
        }
    }

    [Fact]
    public void A_string_too_long_for_one_packet_goes_alone_and_the_rest_still_fit()
    {
        var room = DevicePacketBudget.ForCommand(LongestId, DeviceTopicKind.Set, DeviceTopicKind.SetReply);
        var longText = new PropertyWrite("5.1", PropertyValue.Of(new string('t', 300)));
        var writes = new List<PropertyWrite> { new("2.1", PropertyValue.Of(100)), new("2.2", PropertyValue.Of(false)), longText, new("5.2", PropertyValue.Of(false)) };

        var batches = SetSplitter.Split(writes, room);

        Assert.Equal(3, batches.Count);
        Assert.Equal([longText], batches[1]);
        Assert.Equal(writes, batches.SelectMany(b => b));
    }

    [Fact]
    public void The_longest_string_a_command_to_the_longest_id_carries_in_256_bytes_is_what_the_contract_says()
    {
        // docs/mqtt-contract.md: up to 38 bytes in a set of one property, 24 bytes of action input.
        var setTopic = DeviceTopics.For(LongestId, DeviceTopicKind.Set);
        var setReply = DeviceTopics.For(LongestId, DeviceTopicKind.SetReply);
        var setRoom = DevicePacketBudget.ForCommand(LongestId, DeviceTopicKind.Set, DeviceTopicKind.SetReply);
        byte[] Set(int chars) => ContractJson.WriteSet(new SetCommand(DevicePacketBudget.MaxCommandId, [new PropertyWrite("5.1", PropertyValue.Of(new string('t', chars)))]));
        AssertFits(setTopic, Set(38), qos1: true, setReply);
        Assert.True(Set(39).Length > setRoom);

        var actionTopic = DeviceTopics.For(LongestId, DeviceTopicKind.Action);
        var actionReply = DeviceTopics.For(LongestId, DeviceTopicKind.ActionReply);
        var actionRoom = DevicePacketBudget.ForCommand(LongestId, DeviceTopicKind.Action, DeviceTopicKind.ActionReply);
        byte[] Action(int chars) => ContractJson.WriteAction(new ActionCommand(DevicePacketBudget.MaxCommandId, "5.1", [PropertyValue.Of(new string('t', chars))]));
        AssertFits(actionTopic, Action(24), qos1: true, actionReply);
        Assert.True(Action(25).Length > actionRoom);
    }

    [Fact]
    public void Every_action_of_the_catalog_to_the_longest_id_fits_with_its_longest_inputs()
    {
        var topic = DeviceTopics.For(LongestId, DeviceTopicKind.Action);
        var replyTopic = DeviceTopics.For(LongestId, DeviceTopicKind.ActionReply);
        foreach (var spec in DeviceCatalog.Default.Devices)
        {
            foreach (var action in spec.Actions)
            {
                // A text input (a speaker's play-text) takes what room is left; docs/mqtt-contract.md gives it.
                var inputs = action.In.Select(piid => spec.FindProperty(action.Siid, piid)!)
                    .Select(p => p.Format is PropertyFormat.String or PropertyFormat.Hex ? PropertyValue.Of("") : LongestValue(p)).ToList();
                AssertFits(topic, ContractJson.WriteAction(new ActionCommand(DevicePacketBudget.MaxCommandId, DeviceTopics.NumericKey(action.Key), inputs)), qos1: true, replyTopic);
            }
        }
    }

    [Fact]
    public void The_status_the_gateway_retains_for_a_device_fits()
    {
        var topic = DeviceTopics.For(LongestId, DeviceTopicKind.Status);
        AssertFits(topic, Encoding.UTF8.GetBytes(DeviceTopics.Offline), qos1: true);
        AssertFits(topic, [], qos1: true);
    }

    private static byte[] ErrorPayload(string deviceId, string topic, IReadOnlyList<RefusedItem> refused) =>
        ContractJson.WriteError(topic, refused, DevicePacketBudget.ForError(deviceId));

    /// <summary>As the grain refuses a reported value: by "siid.piid", with the validator's reason.</summary>
    private static RefusedItem Refusal(DeviceSpec spec, string key, PropertyValue value)
    {
        var property = spec.ResolveProperty(key)!;
        var check = PropertyValueValidator.Check(property, value, PropertyUse.Report);
        Assert.False(check.IsOk);
        return new RefusedItem(property.Key, check.Code, check.Error!);
    }

    /// <summary>The value of this property whose JSON is longest: a range end, one step inside it, 17 digits of float, the longest list entry.</summary>
    private static PropertyValue LongestValue(PropertySpec property)
    {
        if (property.Format == PropertyFormat.Bool)
        {
            return PropertyValue.Of(false);
        }

        IEnumerable<PropertyValue> candidates;
        if (property.ValueList is { Count: > 0 } list)
        {
            candidates = list.Select(v => PropertyValue.Of(v.Value));
        }
        else if (property.Format == PropertyFormat.Float)
        {
            var (min, max) = property.Range is { } r ? (r.Min, r.Max) : (double.MinValue, double.MaxValue);
            candidates = new[] { min, max, Math.BitIncrement(min), Math.BitDecrement(max) }.Select(PropertyValue.Of);
        }
        else
        {
            var (min, max) = property.Range is { } r ? (r.Min, r.Max) : property.Format.Bounds();
            candidates = new[] { min, max }.Select(v => PropertyValue.Of((long)v));
        }

        return candidates.MaxBy(v => ContractJson.WriteValues(new Dictionary<string, PropertyValue> { ["k"] = v }).Length)!;
    }

    private static void AssertFits(string topic, byte[] payload, bool qos1, string? responseTopic = null)
    {
        var correlation = responseTopic is null ? null : ContractJson.CorrelationFor(DevicePacketBudget.MaxCommandId);
        var v311 = WireBytes(MqttProtocolVersion.V311, topic, payload, qos1, null, null);
        var v500 = WireBytes(MqttProtocolVersion.V500, topic, payload, qos1, responseTopic, correlation);
        Assert.True(v311 <= Limit && v500 <= Limit, $"{topic}: {v311} bytes over 3.1.1, {v500} over 5.0 with what a broker adds; {Encoding.UTF8.GetString(payload)}");
    }

    /// <summary>
    /// The PUBLISH as the codec writes it. Over 5.0 with what a broker may add to a subscriber's copy: the largest
    /// Subscription Identifier and a Topic Alias.
    /// </summary>
    private static int WireBytes(MqttProtocolVersion version, string topic, byte[] payload, bool qos1, string? responseTopic, byte[]? correlation)
    {
        var packet = new MqttPublishPacket
        {
            Topic = topic,
            Payload = payload,
            Qos = qos1 ? AIoT.Mqtt.Packets.MqttQos.AtLeastOnce : AIoT.Mqtt.Packets.MqttQos.AtMostOnce,
            PacketId = qos1 ? ushort.MaxValue : (ushort)0,
            Properties = version == MqttProtocolVersion.V500
                ? new MqttProperties { ResponseTopic = responseTopic, CorrelationData = correlation is null ? (ReadOnlyMemory<byte>?)null : correlation, SubscriptionIdentifiers = [268_435_455], TopicAlias = ushort.MaxValue }
                : null,
        };
        return MqttPacketWriter.Write(packet, version, new ArrayBufferWriter<byte>());
    }
}
