namespace AIoT.Mqtt.Bench.Conformance;

/// <summary>Behaviours MQTT 5.0 (OASIS standard, 2019) requires of a server, each checked over a raw connection.</summary>
internal static class Checks50
{
    private const int V5 = 5;

    /// <summary>Reason codes a DISCONNECT may carry (5.0 section 3.14.2.1); 0x84, for one, is CONNACK-only.</summary>
    private static readonly byte[] DisconnectCodes =
        [0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D, 0x8E, 0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2];

    private static readonly byte[] ProtocolErrorCodes = [0x81, 0x82];

    public static IEnumerable<ConformanceCheck> All() =>
    [
        new("5.0 3.2.2.3.7 MQTT-3.2.2-16", "empty client id: accepted with an Assigned Client Identifier", async p =>
        {
            var (c, ack) = await p.ConnectAsync(V5, "");
            await using var _c = c;
            return ack.Properties.TryGetValue(Prop.AssignedClientId, out var id) && id[0] is string { Length: > 0 } ? Outcome.Pass()
                : Outcome.Fail("no Assigned Client Identifier in CONNACK");
        }),
        new("5.0 3.1.2.11.2, 4.1", "Session Expiry 2 s, resumed, then disconnected: gone 3.5 s later", async p =>
        {
            var id = p.Id("expiry");
            var expiring = new Props().Int4(Prop.SessionExpiry, 2);
            var (first, _) = await p.ConnectAsync(V5, id, clean: false, props: expiring);
            await Probe.SubscribeGrantedAsync(first, V5, $"{id}/t", 1);
            await first.SendAsync(Wire.Disconnect);
            await first.DisposeAsync();
            var (second, resumed) = await p.ConnectAsync(V5, id, clean: false, props: new Props().Int4(Prop.SessionExpiry, 2));
            await second.SendAsync(Wire.Disconnect);
            await second.DisposeAsync();
            if (!resumed.SessionPresent)
            {
                return Outcome.Fail("not resumed (session present 0 right after the first disconnect)");
            }

            await Task.Delay(3500);
            var (third, later) = await p.ConnectAsync(V5, id, clean: false);
            await third.DisposeAsync();
            return later.SessionPresent ? Outcome.Fail("session still present 3.5 s after a 2 s expiry") : Outcome.Pass();
        }),
        new("5.0 3.2.2.3.14 MQTT-3.2.2-21", "Server Keep Alive in CONNACK when the broker caps the client's keep-alive (65535 s asked)", async p =>
        {
            var (c, ack) = await p.ConnectAsync(V5, p.Id("serverkeepalive"), keepAlive: 65535);
            await using var _c = c;
            return ack.Properties.TryGetValue(Prop.ServerKeepAlive, out var value)
                ? Outcome.Pass($"Server Keep Alive {value[0]}")
                : Outcome.NotOffered("no cap announced: keep-alive 65535 taken as asked");
        }),
        new("5.0 3.1.2.10 MQTT-3.1.2-22", "keep-alive 2 s counts whole packets: a PUBLISH trickled 1 byte / 0.5 s is closed within 3 s (+1 s)", async p =>
        {
            var (c, _) = await p.ConnectAsync(V5, p.Id("trickle"), keepAlive: 2);
            await using var _c = c;
            var publish = Wire.Publish(V5, "trickle/" + new string('t', 40), "slowly");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var closed = false;
            foreach (var b in publish)
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(6))
                {
                    break;
                }

                await c.SendAsync([b]);

                // Reads between bytes: a broker's DISCONNECT waits unread otherwise, and the connection never looks closed.
                if ((closed = (await c.ClosesWithinAsync(TimeSpan.FromMilliseconds(500))).Closed))
                {
                    break;
                }
            }

            var after = watch.Elapsed.TotalSeconds;
            return !closed ? Outcome.Fail($"still open after {after:0} s of trickling") : after <= 4.5 ? Outcome.Pass($"closed after about {after:0.0} s") : Outcome.Fail($"closed after {after:0.0} s");
        }),
        new("5.0 3.1.3.2.2, 3.3.2.3", "the will PUBLISH carries no Will Delay Interval (a CONNECT-only property)", async p =>
        {
            var topic = p.Id("willprops");
            var (sub, _) = await p.ConnectAsync(V5, p.Id("willprops-sub"));
            await using var _s = sub;
            await Probe.SubscribeGrantedAsync(sub, V5, topic, 0);
            var (dying, _) = await p.ConnectAsync(V5, p.Id("willprops-dying"), will: new Will(topic, "gone", Properties: new Props().Int4(Prop.WillDelay, 1).Str(Prop.ContentType, "text/plain")));
            dying.Abort();
            var will = await Probe.ReceiveAsync(sub, V5, TimeSpan.FromSeconds(4));
            return will is null ? Outcome.Fail("no will received")
                : will.Properties.ContainsKey(Prop.WillDelay) ? Outcome.Fail("will PUBLISH carries Will Delay Interval (0x18)")
                : !will.Properties.ContainsKey(Prop.ContentType) ? Outcome.Fail("will PUBLISH lost its Content Type") : Outcome.Pass();
        }),
        new("5.0 3.1.3.2.2 MQTT-3.1.3-9", "Will Delay 2 s (session expiry 10 s): no will within 1 s, the will by 4 s", async p =>
        {
            var topic = p.Id("willdelay");
            var (sub, _) = await p.ConnectAsync(V5, p.Id("willdelay-sub"));
            await using var _s = sub;
            await Probe.SubscribeGrantedAsync(sub, V5, topic, 0);
            var (dying, _) = await p.ConnectAsync(V5, p.Id("willdelay-dying"), clean: true, props: new Props().Int4(Prop.SessionExpiry, 10), will: new Will(topic, "late", Properties: new Props().Int4(Prop.WillDelay, 2)));
            dying.Abort();
            var early = await Probe.ReceiveAsync(sub, V5, TimeSpan.FromSeconds(1));
            var late = early ?? await Probe.ReceiveAsync(sub, V5, TimeSpan.FromSeconds(3));
            return early is not null ? Outcome.Fail("will published at once") : late is null ? Outcome.Fail("no will after 4 s") : Outcome.Pass();
        }),
        new("5.0 3.3.2.3.4", "Topic Alias from the client: a PUBLISH with an empty topic and a known alias reaches subscribers", async p =>
        {
            var topic = p.Id("alias");
            var (pub, ack) = await p.ConnectAsync(V5, p.Id("alias-pub"));
            await using var _p = pub;
            if (!ack.Properties.TryGetValue(Prop.TopicAliasMaximum, out var max) || (int)max[0] == 0)
            {
                return Outcome.NotOffered("Topic Alias Maximum 0");
            }

            var (sub, _) = await p.ConnectAsync(V5, p.Id("alias-sub"));
            await using var _s = sub;
            await Probe.SubscribeGrantedAsync(sub, V5, topic, 0);
            await pub.SendAsync(Wire.Publish(V5, topic, "one", props: new Props().Int2(Prop.TopicAlias, 1)));
            await pub.SendAsync(Wire.Publish(V5, "", "two", props: new Props().Int2(Prop.TopicAlias, 1)));
            var received = await Probe.CollectAsync(sub, V5, TimeSpan.FromSeconds(1));
            return received.Count == 2 && received.All(m => m.Topic == topic) ? Outcome.Pass()
                : Outcome.Fail($"received {received.Count}: [{string.Join(", ", received.Select(m => m.Topic))}]{(pub.Closed ? ", publisher closed" : "")}");
        }),
        new("5.0 3.3.2.3.4 MQTT-3.3.2-8", "no Topic Alias towards a client that allows none", async p =>
        {
            var topic = p.Id("noalias") + "/" + new string('l', 60);
            var (sub, _) = await p.ConnectAsync(V5, p.Id("noalias-sub"));
            await using var _s = sub;
            await Probe.SubscribeGrantedAsync(sub, V5, topic, 0);
            for (var i = 0; i < 3; i++)
            {
                await p.PublishAsync(V5, topic, $"m{i}");
            }

            var received = await Probe.CollectAsync(sub, V5, TimeSpan.FromSeconds(1));
            return received.Count != 3 ? Outcome.Fail($"received {received.Count} of 3")
                : received.Any(m => m.Properties.ContainsKey(Prop.TopicAlias)) ? Outcome.Fail("Topic Alias sent") : Outcome.Pass();
        }),
        new("5.0 3.3.2.3.4, 3.1.2.11.5", "Topic Alias towards a client that allows 5 (optional; if used, used right)", async p =>
        {
            var topic = p.Id("toalias") + "/" + new string('l', 60);
            var (sub, _) = await p.ConnectAsync(V5, p.Id("toalias-sub"), props: new Props().Int2(Prop.TopicAliasMaximum, 5));
            await using var _s = sub;
            await Probe.SubscribeGrantedAsync(sub, V5, topic, 0);
            for (var i = 0; i < 3; i++)
            {
                await p.PublishAsync(V5, topic, $"m{i}");
            }

            var received = await Probe.CollectAsync(sub, V5, TimeSpan.FromSeconds(1));
            if (received.Count != 3)
            {
                return Outcome.Fail($"received {received.Count} of 3");
            }

            var known = new Dictionary<int, string>();
            foreach (var m in received)
            {
                if (!m.Properties.TryGetValue(Prop.TopicAlias, out var alias))
                {
                    continue;
                }

                var number = (int)alias[0];
                if (number is < 1 or > 5)
                {
                    return Outcome.Fail($"alias {number} outside 1..5");
                }

                if (m.Topic.Length > 0)
                {
                    known[number] = m.Topic;
                }
                else if (!known.ContainsKey(number))
                {
                    return Outcome.Fail($"empty topic with unannounced alias {number}");
                }
            }

            var shortened = received.Count(m => m.Topic.Length == 0);
            return shortened > 0 ? Outcome.Pass($"{shortened} of 3 sent by alias") : Outcome.NotOffered("full topics sent (the spec allows it)");
        }),
        new("5.0 3.8.3.1 MQTT-3.8.3-3", "No Local: a client's own messages are not sent back to it", async p =>
        {
            var topic = p.Id("nolocal");
            var (c, _) = await p.ConnectAsync(V5, p.Id("nolocal"));
            await using var _c = c;
            await Probe.SubscribeGrantedAsync(c, V5, topic, 0x04);
            await c.SendAsync(Wire.Publish(V5, topic, "own"));
            var echo = await Probe.ReceiveAsync(c, V5, Probe.Quiet);
            await p.PublishAsync(V5, topic, "other");
            var other = await Probe.ReceiveAsync(c, V5, Probe.Answer);
            return echo is not null ? Outcome.Fail("own message echoed") : other?.Payload == "other" ? Outcome.Pass() : Outcome.Fail("others' message not delivered");
        }),
        new("5.0 3.8.3.1 MQTT-3.3.1-12/-13", "Retain As Published: live retained copies keep RETAIN 1 only where asked", async p =>
        {
            var topic = p.Id("rap");
            var (kept, _) = await p.ConnectAsync(V5, p.Id("rap-1"));
            await using var _k = kept;
            await Probe.SubscribeGrantedAsync(kept, V5, topic, 0x08);
            var (plain, _) = await p.ConnectAsync(V5, p.Id("rap-0"));
            await using var _pl = plain;
            await Probe.SubscribeGrantedAsync(plain, V5, topic, 0x00);
            await p.PublishAsync(V5, topic, "live", retain: true);
            var a = await Probe.ReceiveAsync(kept, V5, Probe.Answer);
            var b = await Probe.ReceiveAsync(plain, V5, Probe.Answer);
            await p.PublishAsync(V5, topic, "", retain: true);
            return a is null || b is null ? Outcome.Fail("not delivered")
                : a.Retain && !b.Retain ? Outcome.Pass() : Outcome.Fail($"RETAIN with RAP 1: {a.Retain}, with RAP 0: {b.Retain}");
        }),
        new("5.0 3.8.3.1 MQTT-3.3.1-11", "Retain Handling 2: no retained messages on subscribe", async p =>
        {
            var topic = p.Id("rh2");
            await p.PublishAsync(V5, topic, "kept", retain: true);
            var (c, _) = await p.ConnectAsync(V5, p.Id("rh2"));
            await using var _c = c;
            await Probe.SubscribeGrantedAsync(c, V5, topic, 0x20);
            var sent = await Probe.ReceiveAsync(c, V5, Probe.Quiet);
            await Probe.SubscribeGrantedAsync(c, V5, topic, 0);
            var control = await Probe.ReceiveAsync(c, V5, Probe.Answer);
            await p.PublishAsync(V5, topic, "", retain: true);
            return sent is not null ? Outcome.Fail("retained message sent") : control is null ? Outcome.Fail("retained message not sent with Retain Handling 0 either") : Outcome.Pass();
        }),
        new("5.0 4.8.2", "shared subscription: each message to exactly one member of the group", async p =>
        {
            var topic = p.Id("shared");
            var (a, ack) = await p.ConnectAsync(V5, p.Id("shared-a"));
            await using var _a = a;
            if (ack.Properties.TryGetValue(Prop.SharedAvailable, out var available) && (int)available[0] == 0)
            {
                return Outcome.NotOffered("Shared Subscription Available 0");
            }

            var (b, _) = await p.ConnectAsync(V5, p.Id("shared-b"));
            await using var _b = b;
            await Probe.SubscribeGrantedAsync(a, V5, $"$share/g/{topic}", 0);
            await Probe.SubscribeGrantedAsync(b, V5, $"$share/g/{topic}", 0);
            var (pub, _) = await p.ConnectAsync(V5, p.Id("shared-pub"));
            await using var _p = pub;
            for (var i = 0; i < 10; i++)
            {
                await pub.SendAsync(Wire.Publish(V5, topic, $"m{i}"));
            }

            var atA = Probe.CollectAsync(a, V5, TimeSpan.FromSeconds(1));
            var atB = Probe.CollectAsync(b, V5, TimeSpan.FromSeconds(1));
            var all = (await atA).Concat(await atB).Select(m => m.Payload).ToList();
            return all.Count == 10 && all.Distinct().Count() == 10 ? Outcome.Pass($"{(await atA).Count} / {(await atB).Count}")
                : Outcome.Fail($"{all.Count} deliveries of 10 messages ({all.Distinct().Count()} distinct)");
        }),
        new("5.0 3.8.3.1 MQTT-3.8.3-4", "No Local on a shared subscription is a protocol error", async p =>
        {
            var (c, _) = await p.ConnectAsync(V5, p.Id("sharednl"));
            await using var _c = c;
            await c.SendAsync(Wire.Subscribe(V5, 1, [($"$share/g/{p.Id("sharednl")}", 0x04)]));
            return await Probe.ExpectClosedAsync(c, ProtocolErrorCodes);
        }),
        new("5.0 3.1.2.11.4 MQTT-3.1.2-24/-25", "Maximum Packet Size 100 from the client: a larger message is not sent to it", async p =>
        {
            var topic = p.Id("maxsize");
            var (sub, _) = await p.ConnectAsync(V5, p.Id("maxsize-sub"), props: new Props().Int4(Prop.MaximumPacketSize, 100));
            await using var _s = sub;
            await Probe.SubscribeGrantedAsync(sub, V5, topic, 0);
            await p.PublishAsync(V5, topic, new string('x', 300));
            await p.PublishAsync(V5, topic, "small");
            var packets = new List<RawPacket>();
            while (await sub.NextAsync(TimeSpan.FromSeconds(1)) is { } packet)
            {
                packets.Add(packet);
            }

            var tooLarge = packets.Where(x => 1 + Wire.VarInt(x.Body.Length).Length + x.Body.Length > 100).ToList();
            var small = packets.Any(x => x.Type == 3 && Parse.Publish(x, V5).Payload == "small");
            return tooLarge.Count > 0 ? Outcome.Fail($"sent a {tooLarge[0].Body.Length}-byte {tooLarge[0]}") : small ? Outcome.Pass() : Outcome.Fail("the small message did not arrive either");
        }),
        new("5.0 3.1.2.11.3 MQTT-3.3.4-9", "Receive Maximum 2 from the client: at most 2 unacknowledged QoS 1 messages, the rest after PUBACKs", async p =>
        {
            var topic = p.Id("recvmax");
            var (sub, _) = await p.ConnectAsync(V5, p.Id("recvmax-sub"), props: new Props().Int2(Prop.ReceiveMaximum, 2));
            await using var _s = sub;
            await Probe.SubscribeGrantedAsync(sub, V5, topic, 1);
            var (pub, _) = await p.ConnectAsync(V5, p.Id("recvmax-pub"));
            await using var _p = pub;
            for (ushort i = 1; i <= 5; i++)
            {
                await pub.SendAsync(Wire.Publish(V5, topic, $"m{i}", qos: 1, id: i));
                await Probe.ExpectAckAsync(pub, 4, i);
            }

            var unacked = new List<Publish>();
            while (await Probe.ReceiveAsync(sub, V5, Probe.Quiet) is { } m)
            {
                unacked.Add(m);
            }

            if (unacked.Count > 2)
            {
                return Outcome.Fail($"{unacked.Count} sent without PUBACK");
            }

            foreach (var m in unacked)
            {
                await sub.SendAsync(Wire.Ack(4, m.PacketId));
            }

            var rest = await Probe.CollectAsync(sub, V5, TimeSpan.FromSeconds(2));
            return unacked.Count + rest.Count == 5 ? Outcome.Pass() : Outcome.Fail($"{unacked.Count} + {rest.Count} of 5 delivered");
        }),
        new("5.0 3.3.2.3.3 MQTT-3.3.2-5", "Message Expiry 2 s on a retained message: delivered at once, not 3 s later", async p =>
        {
            var topic = p.Id("msgexpiry");
            await p.PublishAsync(V5, topic, "short-lived", retain: true, props: new Props().Int4(Prop.MessageExpiry, 2));
            var (fresh, _) = await p.ConnectAsync(V5, p.Id("msgexpiry-fresh"));
            await using (fresh)
            {
                await Probe.SubscribeGrantedAsync(fresh, V5, topic, 0);
                if (await Probe.ReceiveAsync(fresh, V5, Probe.Answer) is null)
                {
                    return Outcome.Fail("retained message not delivered before it expired");
                }
            }

            await Task.Delay(3000);
            var (c, _) = await p.ConnectAsync(V5, p.Id("msgexpiry-sub"));
            await using var _c = c;
            await Probe.SubscribeGrantedAsync(c, V5, topic, 0);
            var stale = await Probe.ReceiveAsync(c, V5, Probe.Quiet);
            await p.PublishAsync(V5, topic, "", retain: true);
            return stale is null ? Outcome.Pass() : Outcome.Fail($"delivered after expiry{(stale.Properties.TryGetValue(Prop.MessageExpiry, out var left) ? $" (expiry {left[0]})" : "")}");
        }),
        new("5.0 3.3.4 MQTT-3.3.4-3", "Subscription Identifier 7 is sent with matching messages", async p =>
        {
            var topic = p.Id("subid");
            var (c, ack) = await p.ConnectAsync(V5, p.Id("subid"));
            await using var _c = c;
            if (ack.Properties.TryGetValue(Prop.SubscriptionIdAvailable, out var available) && (int)available[0] == 0)
            {
                return Outcome.NotOffered("Subscription Identifier Available 0");
            }

            await Probe.SubscribeGrantedAsync(c, V5, topic, 0, new Props().VarInt(Prop.SubscriptionId, 7));
            await p.PublishAsync(V5, topic, "x");
            var m = await Probe.ReceiveAsync(c, V5, Probe.Answer);
            return m is null ? Outcome.Fail("not delivered")
                : m.Properties.TryGetValue(Prop.SubscriptionId, out var ids) && ids.Contains(7) ? Outcome.Pass() : Outcome.Fail("no Subscription Identifier 7");
        }),
        new("5.0 3.3.4 MQTT-3.3.4-6", "a Subscription Identifier in a client's PUBLISH is a protocol error", async p =>
        {
            var (c, _) = await p.ConnectAsync(V5, p.Id("pubsubid"));
            await using var _c = c;
            await c.SendAsync(Wire.Publish(V5, p.Id("pubsubid"), "x", props: new Props().VarInt(Prop.SubscriptionId, 3)));
            return await Probe.ExpectClosedAsync(c, ProtocolErrorCodes);
        }),
        new("5.0 2.2.2.2, 3.8.2.1.2", "SUBSCRIBE with Subscription Identifier twice is a protocol error", async p =>
        {
            var (c, _) = await p.ConnectAsync(V5, p.Id("dupsubid"));
            await using var _c = c;
            await c.SendAsync(Wire.Subscribe(V5, 1, [(p.Id("dupsubid"), 0)], new Props().VarInt(Prop.SubscriptionId, 1).VarInt(Prop.SubscriptionId, 2)));
            return await Probe.ExpectClosedAsync(c, ProtocolErrorCodes);
        }),
        new("5.0 2.2.2.2, 3.3.2.3.3", "PUBLISH with Message Expiry Interval twice is a protocol error", async p =>
        {
            var (c, _) = await p.ConnectAsync(V5, p.Id("dupexpiry"));
            await using var _c = c;
            await c.SendAsync(Wire.Publish(V5, p.Id("dupexpiry"), "x", qos: 1, id: 1, props: new Props().Int4(Prop.MessageExpiry, 10).Int4(Prop.MessageExpiry, 20)));
            return await Probe.ExpectClosedAsync(c, ProtocolErrorCodes);
        }),
        new("5.0 3.1.0, 3.14.2.1 MQTT-3.14.2-1", "a second CONNECT (protocol level 9) is refused with a DISCONNECT-valid reason code", async p =>
        {
            var (c, _) = await p.ConnectAsync(V5, p.Id("reconnect"));
            await using var _c = c;
            await c.SendAsync(Wire.Connect(9, p.Id("reconnect")));
            return await Probe.ExpectClosedAsync(c, DisconnectCodes);
        }),
        new("5.0 3.3.1.1 MQTT-3.3.1-2", "QoS 0 PUBLISH with DUP set is a malformed packet", async p =>
        {
            var (c, _) = await p.ConnectAsync(V5, p.Id("dup0"));
            await using var _c = c;
            await c.SendAsync(Wire.Publish(V5, p.Id("dup0"), "x", dup: true));
            return await Probe.ExpectClosedAsync(c, ProtocolErrorCodes);
        }),
    ];
}
