namespace AIoT.Mqtt.Bench.Conformance;

internal enum Verdict
{
    Pass,
    Fail,
    NotApplicable,
}

internal sealed record Outcome(Verdict Verdict, string Reason)
{
    public static Outcome Pass(string reason = "") => new(Verdict.Pass, reason);

    public static Outcome Fail(string reason) => new(Verdict.Fail, reason);

    /// <summary>An optional feature the broker does not offer (and says so, as the spec lets it).</summary>
    public static Outcome NotOffered(string reason) => new(Verdict.NotApplicable, reason);

    public override string ToString() => Verdict switch
    {
        Verdict.Pass => Reason.Length == 0 ? "pass" : $"pass ({Reason})",
        Verdict.Fail => $"**fail**: {Reason}",
        _ => $"n/a: {Reason}",
    };
}

/// <summary>A failed expectation inside a check; its message is the table's reason.</summary>
internal sealed class CheckFailed(string reason) : Exception(reason);

/// <summary>One behaviour a spec requires, with the section (and normative statement) that requires it.</summary>
internal sealed record ConformanceCheck(string Section, string Name, Func<Probe, Task<Outcome>> Run);

/// <summary>What the checks share against one broker: its port, unique client ids, and the usual connect / subscribe / receive steps.</summary>
internal sealed class Probe(int port, string run)
{
    /// <summary>How long a check waits for an answer the broker owes it.</summary>
    public static readonly TimeSpan Answer = TimeSpan.FromSeconds(3);

    /// <summary>How long a check watches for something that must not arrive.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(600);

    private int _next;

    public int Port { get; } = port;

    /// <summary>A client id (and topic prefix) no other check or earlier run uses.</summary>
    public string Id(string what) => $"{run}-{Interlocked.Increment(ref _next)}-{what}";

    public Task<RawClient> OpenAsync() => RawClient.OpenAsync(Port);

    public async Task<(RawClient Client, ConnAck Ack)> ConnectAsync(int level, string clientId, bool clean = true, ushort keepAlive = 60, Props? props = null, Will? will = null)
    {
        var client = await OpenAsync();
        await client.SendAsync(Wire.Connect(level, clientId, clean, keepAlive, props, will));
        var answer = await client.NextAsync(Answer) ?? throw new CheckFailed($"no CONNACK for {clientId}");
        if (answer.Type != 2)
        {
            throw new CheckFailed($"{answer} instead of CONNACK");
        }

        var ack = Parse.ConnAck(answer, level);
        if (ack.Code != 0)
        {
            throw new CheckFailed($"CONNACK 0x{ack.Code:X2} for a valid CONNECT");
        }

        return (client, ack);
    }

    public static async Task<byte[]> SubscribeAsync(RawClient client, int level, string filter, byte options, Props? props = null, ushort id = 1)
    {
        await client.SendAsync(Wire.Subscribe(level, id, [(filter, options)], props));
        var answer = await client.NextOfTypeAsync(9, Answer) ?? throw new CheckFailed($"no SUBACK for {filter}");
        return Parse.SubAck(answer, level);
    }

    /// <summary>Subscribes and fails the check unless the broker grants exactly the QoS asked for.</summary>
    public static async Task SubscribeGrantedAsync(RawClient client, int level, string filter, byte options, Props? props = null)
    {
        var codes = await SubscribeAsync(client, level, filter, options, props);
        if (codes.Length != 1 || codes[0] != (options & 3))
        {
            throw new CheckFailed($"SUBACK 0x{(codes.Length > 0 ? codes[0] : 0xFF):X2} for {filter}");
        }
    }

    public static async Task<Publish?> ReceiveAsync(RawClient client, int level, TimeSpan wait)
    {
        var packet = await client.NextOfTypeAsync(3, wait);
        return packet is null ? null : Parse.Publish(packet, level);
    }

    /// <summary>Every PUBLISH that arrives within <paramref name="wait"/>, acknowledging QoS 1 and completing QoS 2 as a client must.</summary>
    public static async Task<List<Publish>> CollectAsync(RawClient client, int level, TimeSpan wait)
    {
        var received = new List<Publish>();
        var deadline = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < deadline)
        {
            var packet = await client.NextAsync(deadline - DateTime.UtcNow);
            if (packet is null)
            {
                break;
            }

            if (packet.Type == 3)
            {
                var publish = Parse.Publish(packet, level);
                received.Add(publish);
                if (publish.Qos == 1)
                {
                    await client.SendAsync(Wire.Ack(4, publish.PacketId));
                }
                else if (publish.Qos == 2)
                {
                    await client.SendAsync(Wire.Ack(5, publish.PacketId));
                }
            }
            else if (packet.Type == 6)
            {
                await client.SendAsync(Wire.Ack(7, (ushort)((packet.Body[0] << 8) | packet.Body[1])));
            }
        }

        return received;
    }

    /// <summary>Publishes at QoS 0 from a fresh connection and disconnects it cleanly.</summary>
    public async Task PublishAsync(int level, string topic, string payload, bool retain = false, Props? props = null)
    {
        var (client, _) = await ConnectAsync(level, Id("pub"));
        await using (client)
        {
            await client.SendAsync(Wire.Publish(level, topic, payload, retain: retain, props: props));
            await client.SendAsync(Wire.Disconnect);
            await client.ClosesWithinAsync(Answer);
        }

        if (retain)
        {
            // A broker may store retained messages after it has read the DISCONNECT that follows (MQTTnet does): give it
            // a moment, so that a check reads what the broker keeps, not a race with the next subscription.
            await Task.Delay(300);
        }
    }

    /// <summary>Waits for the acknowledgement of one type for one packet id, failing the check otherwise.</summary>
    public static async Task ExpectAckAsync(RawClient c, int type, ushort id)
    {
        var answer = await c.NextOfTypeAsync(type, Probe.Answer) ?? throw new CheckFailed($"no {RawPacket.TypeName(type)} for packet {id}");
        var got = (ushort)((answer.Body[0] << 8) | answer.Body[1]);
        if (got != id)
        {
            throw new CheckFailed($"{RawPacket.TypeName(type)} for packet {got}, expected {id}");
        }
    }

    /// <summary>After a protocol violation: passes if the broker closed the connection (and, for 5.0, any DISCONNECT it sent carries one of <paramref name="codes"/>).</summary>
    public static async Task<Outcome> ExpectClosedAsync(RawClient client, params byte[] codes)
    {
        var (closed, before) = await client.ClosesWithinAsync(Answer);
        var disconnect = before.FirstOrDefault(p => p.Type == 14);
        var answered = string.Join(", ", before.Select(p => p.Type == 14 && p.Body.Length > 0 ? $"DISCONNECT 0x{p.Body[0]:X2}" : p.ToString()));
        if (!closed)
        {
            return Outcome.Fail(before.Count == 0 ? "connection left open" : $"connection left open, answered {answered}");
        }

        if (disconnect is not null && codes.Length > 0 && !codes.Contains(Parse.DisconnectCode(disconnect)))
        {
            return Outcome.Fail($"closed, but with DISCONNECT 0x{Parse.DisconnectCode(disconnect):X2}");
        }

        return Outcome.Pass(before.Count == 0 ? "closed" : $"{answered}, closed");
    }
}

internal static class ConformanceRun
{
    /// <summary>No check may take longer; one that does is a fail, and the run goes on.</summary>
    private static readonly TimeSpan CheckLimit = TimeSpan.FromSeconds(20);

    public static async Task<List<Outcome>> RunAsync(int port, string brokerName, IReadOnlyList<ConformanceCheck> checks, Action<string> progress)
    {
        var probe = new Probe(port, $"conf{Environment.TickCount64 % 100000}");
        var outcomes = new List<Outcome>();
        foreach (var check in checks)
        {
            Outcome outcome;
            try
            {
                outcome = await check.Run(probe).WaitAsync(CheckLimit);
            }
            catch (CheckFailed ex)
            {
                outcome = Outcome.Fail(ex.Message);
            }
            catch (TimeoutException)
            {
                outcome = Outcome.Fail($"check did not finish in {CheckLimit.TotalSeconds:0} s");
            }
            catch (Exception ex)
            {
                outcome = Outcome.Fail($"{ex.GetType().Name}: {ex.Message}");
            }

            progress($"    {brokerName}: {check.Section} {check.Name}: {outcome}");
            outcomes.Add(outcome);
        }

        return outcomes;
    }
}
