namespace AIoT.Mqtt.Bench.Conformance;

/// <summary>Behaviours MQTT 3.1.1 (OASIS standard, 2014) requires of a server, each checked over a raw connection.</summary>
internal static class Checks311
{
    private const int V4 = 4;

    public static IEnumerable<ConformanceCheck> All() =>
    [
        new("3.1.1 2.2.2 MQTT-2.2.2-2", "CONNECT with reserved fixed-header flags set is refused", async p =>
        {
            await using var c = await p.OpenAsync();
            await c.SendAsync(Wire.Connect(V4, p.Id("flags"), header: 0x11));
            return await ExpectNoConnAckAsync(c);
        }),
        new("3.1.1 3.1.2.3 MQTT-3.1.2-3", "CONNECT with the reserved connect flag set is refused", async p =>
        {
            await using var c = await p.OpenAsync();
            await c.SendAsync(Wire.Connect(V4, p.Id("reserved"), reservedFlag: 0x01));
            return await ExpectNoConnAckAsync(c);
        }),
        new("3.1.1 3.1.2.2 MQTT-3.1.2-2", "unsupported protocol level: CONNACK 0x01, then closed", async p =>
        {
            await using var c = await p.OpenAsync();
            await c.SendAsync(Wire.Connect(9, p.Id("level")));
            var (closed, before) = await c.ClosesWithinAsync(Probe.Answer);
            var connack = before.FirstOrDefault(x => x.Type == 2);
            return connack is null ? Outcome.Fail(closed ? "closed without CONNACK 0x01" : "left open")
                : connack.Body.Length > 1 && connack.Body[1] == 0x01 && closed ? Outcome.Pass()
                : Outcome.Fail($"CONNACK 0x{(connack.Body.Length > 1 ? connack.Body[1] : 0):X2}{(closed ? "" : ", left open")}");
        }),
        new("3.1.1 3.2.2.2 MQTT-3.2.2-1/-2", "session present flag: 1 on resuming a stored session, 0 with CleanSession 1", async p =>
        {
            var id = p.Id("present");
            var (first, ack) = await p.ConnectAsync(V4, id, clean: false);
            await using (first)
            {
                await Probe.SubscribeGrantedAsync(first, V4, $"{id}/t", 1);
                await first.SendAsync(Wire.Disconnect);
                await first.ClosesWithinAsync(Probe.Answer);
            }

            var (second, resumed) = await p.ConnectAsync(V4, id, clean: false);
            await second.DisposeAsync();
            var (third, cleaned) = await p.ConnectAsync(V4, id, clean: true);
            await third.DisposeAsync();
            return resumed.SessionPresent && !cleaned.SessionPresent && !ack.SessionPresent ? Outcome.Pass()
                : Outcome.Fail($"session present: new {ack.SessionPresent}, resumed {resumed.SessionPresent}, clean {cleaned.SessionPresent}");
        }),
        new("3.1.1 3.1.4 MQTT-3.1.4-2", "a second connection with the same client id takes over (the first is closed)", async p =>
        {
            var id = p.Id("takeover");
            var (first, _) = await p.ConnectAsync(V4, id);
            await using var _f = first;
            var (second, _) = await p.ConnectAsync(V4, id);
            await using var _s = second;
            var (closed, _) = await first.ClosesWithinAsync(Probe.Answer);
            return closed ? Outcome.Pass() : Outcome.Fail("the first connection stayed open");
        }),
        new("3.1.1 3.1.2.10 MQTT-3.1.2-24", "keep-alive 2 s: a silent client is closed within 1.5x (3 s, +1 s grace)", async p =>
        {
            var (c, _) = await p.ConnectAsync(V4, p.Id("keepalive"), keepAlive: 2);
            await using var _c = c;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (closed, _) = await c.ClosesWithinAsync(TimeSpan.FromSeconds(6));
            var after = watch.Elapsed.TotalSeconds;
            return !closed ? Outcome.Fail("still open after 6 s")
                : after < 2.0 ? Outcome.Fail($"closed early, after {after:0.0} s")
                : after <= 4.0 ? Outcome.Pass($"closed after {after:0.0} s") : Outcome.Fail($"closed after {after:0.0} s");
        }),
        new("3.1.1 3.1.2.8 MQTT-3.1.2-8", "will published when the connection drops without DISCONNECT", async p =>
        {
            var topic = p.Id("will");
            var (sub, _) = await p.ConnectAsync(V4, p.Id("will-sub"));
            await using var _s = sub;
            await Probe.SubscribeGrantedAsync(sub, V4, topic, 0);
            var (dying, _) = await p.ConnectAsync(V4, p.Id("will-dying"), will: new Will(topic, "gone"));
            dying.Abort();
            var will = await Probe.ReceiveAsync(sub, V4, Probe.Answer);
            return will?.Payload == "gone" ? Outcome.Pass() : Outcome.Fail("no will received");
        }),
        new("3.1.1 3.1.2.5 MQTT-3.1.2-10", "no will after a normal DISCONNECT", async p =>
        {
            var topic = p.Id("nowill");
            var (sub, _) = await p.ConnectAsync(V4, p.Id("nowill-sub"));
            await using var _s = sub;
            await Probe.SubscribeGrantedAsync(sub, V4, topic, 0);
            var (leaving, _) = await p.ConnectAsync(V4, p.Id("nowill-leaving"), will: new Will(topic, "gone"));
            await leaving.SendAsync(Wire.Disconnect);
            await leaving.ClosesWithinAsync(Probe.Answer);
            await leaving.DisposeAsync();
            var will = await Probe.ReceiveAsync(sub, V4, Probe.Quiet);
            return will is null ? Outcome.Pass() : Outcome.Fail("will published after DISCONNECT");
        }),
        new("3.1.1 3.3.1.3 MQTT-3.3.1-6/-8/-9", "retained message: sent to a new subscription with RETAIN 1, live copies with RETAIN 0", async p =>
        {
            var topic = p.Id("retain");
            await p.PublishAsync(V4, topic, "kept", retain: true);
            var (sub, _) = await p.ConnectAsync(V4, p.Id("retain-sub"));
            await using var _s = sub;
            await Probe.SubscribeGrantedAsync(sub, V4, topic, 0);
            var stored = await Probe.ReceiveAsync(sub, V4, Probe.Answer);
            await p.PublishAsync(V4, topic, "live", retain: true);
            var live = await Probe.ReceiveAsync(sub, V4, Probe.Answer);
            await p.PublishAsync(V4, topic, "", retain: true);
            return stored is not { Payload: "kept", Retain: true } ? Outcome.Fail(stored is null ? "retained message not sent" : $"retained sent with RETAIN {stored.Retain}")
                : live is not { Payload: "live", Retain: false } ? Outcome.Fail(live is null ? "live message not sent" : "live copy sent with RETAIN 1")
                : Outcome.Pass();
        }),
        new("3.1.1 3.3.1.3 MQTT-3.3.1-10/-11", "a zero-length retained PUBLISH deletes the retained message", async p =>
        {
            var topic = p.Id("unretain");
            await p.PublishAsync(V4, topic, "kept", retain: true);
            await p.PublishAsync(V4, topic, "", retain: true);
            var (sub, _) = await p.ConnectAsync(V4, p.Id("unretain-sub"));
            await using var _s = sub;
            await Probe.SubscribeGrantedAsync(sub, V4, topic, 0);
            var stored = await Probe.ReceiveAsync(sub, V4, Probe.Quiet);
            return stored is null ? Outcome.Pass() : Outcome.Fail($"still delivered '{stored.Payload}' (retain {stored.Retain})");
        }),
        new("3.1.1 4.3.3 MQTT-4.3.3-2", "QoS 2: a resent PUBLISH (DUP) before PUBREL is delivered once", async p =>
        {
            var topic = p.Id("qos2");
            var (sub, _) = await p.ConnectAsync(V4, p.Id("qos2-sub"));
            await using var _s = sub;
            await Probe.SubscribeGrantedAsync(sub, V4, topic, 2);
            var (pub, _) = await p.ConnectAsync(V4, p.Id("qos2-pub"));
            await using var _p = pub;
            await pub.SendAsync(Wire.Publish(V4, topic, "once", qos: 2, id: 7));
            await Probe.ExpectAckAsync(pub, 5, 7);
            await pub.SendAsync(Wire.Publish(V4, topic, "once", qos: 2, id: 7, dup: true));
            await Probe.ExpectAckAsync(pub, 5, 7);
            await pub.SendAsync(Wire.Ack(6, 7));
            await Probe.ExpectAckAsync(pub, 7, 7);
            var received = await Probe.CollectAsync(sub, V4, TimeSpan.FromSeconds(1));
            return received.Count(m => m.Payload == "once") == 1 ? Outcome.Pass() : Outcome.Fail($"delivered {received.Count} times");
        }),
        new("3.1.1 2.3.1, 4.3.3", "a packet id reused after PUBCOMP starts a new message", async p =>
        {
            var topic = p.Id("reuse");
            var (sub, _) = await p.ConnectAsync(V4, p.Id("reuse-sub"));
            await using var _s = sub;
            await Probe.SubscribeGrantedAsync(sub, V4, topic, 2);
            var (pub, _) = await p.ConnectAsync(V4, p.Id("reuse-pub"));
            await using var _p = pub;
            foreach (var payload in new[] { "first", "second" })
            {
                await pub.SendAsync(Wire.Publish(V4, topic, payload, qos: 2, id: 9));
                await Probe.ExpectAckAsync(pub, 5, 9);
                await pub.SendAsync(Wire.Ack(6, 9));
                await Probe.ExpectAckAsync(pub, 7, 9);
            }

            var received = await Probe.CollectAsync(sub, V4, TimeSpan.FromSeconds(1));
            var payloads = string.Join(",", received.Select(m => m.Payload));
            return payloads == "first,second" ? Outcome.Pass() : Outcome.Fail($"received [{payloads}]");
        }),
        new("3.1.1 4.7.2 MQTT-4.7.2-1", "$-topics are not matched by #, but are by $x/#", async p =>
        {
            var id = p.Id("dollar");
            var (all, _) = await p.ConnectAsync(V4, id + "-all");
            await using var _a = all;
            await Probe.SubscribeGrantedAsync(all, V4, "#", 0);
            var (dollar, _) = await p.ConnectAsync(V4, id + "-dollar");
            await using var _d = dollar;
            await Probe.SubscribeGrantedAsync(dollar, V4, $"$probe/{id}/#", 0);
            await Probe.CollectAsync(all, V4, TimeSpan.FromMilliseconds(300));
            await p.PublishAsync(V4, $"$probe/{id}/x", "dollar");
            var wanted = await Probe.ReceiveAsync(dollar, V4, Probe.Answer);
            var leaked = (await Probe.CollectAsync(all, V4, Probe.Quiet)).Where(m => m.Topic.StartsWith('$')).ToList();
            return leaked.Count > 0 ? Outcome.Fail($"# matched {leaked[0].Topic}")
                : wanted is null ? Outcome.NotOffered("the broker refused or dropped a client publish to a $-topic") : Outcome.Pass();
        }),
        new("3.1.1 1.5.3 MQTT-1.5.3-1", "ill-formed UTF-8 in a topic closes the connection", async p =>
        {
            var (c, _) = await p.ConnectAsync(V4, p.Id("utf8"));
            await using var _c = c;
            await c.SendAsync(Wire.Publish(V4, [0x00, 0x04, (byte)'a', (byte)'/', 0xC0, 0x80], "x"u8.ToArray()));
            return await Probe.ExpectClosedAsync(c);
        }),
        new("3.1.1 3.3.2.1 MQTT-3.3.2-2", "a wildcard in a PUBLISH topic closes the connection", async p =>
        {
            var (c, _) = await p.ConnectAsync(V4, p.Id("wild"));
            await using var _c = c;
            await c.SendAsync(Wire.Publish(V4, "a/+/b", "x"));
            return await Probe.ExpectClosedAsync(c);
        }),
        new("3.1.1 3.8.1 MQTT-3.8.1-1", "SUBSCRIBE with wrong fixed-header flags closes the connection", async p =>
        {
            var (c, _) = await p.ConnectAsync(V4, p.Id("subflags"));
            await using var _c = c;
            await c.SendAsync(Wire.Subscribe(V4, 1, [("a/b", 0)], header: 0x80));
            return await Probe.ExpectClosedAsync(c);
        }),
        new("3.1.1 3.8.3 MQTT-3-8.3-4", "SUBSCRIBE asking QoS 3 closes the connection", async p =>
        {
            var (c, _) = await p.ConnectAsync(V4, p.Id("subqos3"));
            await using var _c = c;
            await c.SendAsync(Wire.Subscribe(V4, 1, [("a/b", 3)]));
            return await Probe.ExpectClosedAsync(c);
        }),
    ];

    /// <summary>A CONNECT the broker must refuse by closing (3.1.1 gives no CONNACK code for a malformed CONNECT).</summary>
    private static async Task<Outcome> ExpectNoConnAckAsync(RawClient c)
    {
        var (closed, before) = await c.ClosesWithinAsync(Probe.Answer);
        var connack = before.FirstOrDefault(x => x.Type == 2);
        if (connack is not null && connack.Body.Length > 1 && connack.Body[1] == 0)
        {
            return Outcome.Fail("accepted (CONNACK 0x00)");
        }

        return closed ? Outcome.Pass(connack is null ? "closed" : $"CONNACK 0x{connack.Body[1]:X2}, closed") : Outcome.Fail("left open");
    }
}
