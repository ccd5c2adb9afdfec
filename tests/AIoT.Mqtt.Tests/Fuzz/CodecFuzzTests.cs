using System.Buffers;
using System.Diagnostics;
using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Codec;
using AIoT.Mqtt.Packets;
using Xunit.Abstractions;

namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>
/// <see cref="MqttPacketReader"/> on its own, fed mutated streams of valid packets of every kind: it throws nothing but
/// <see cref="MqttProtocolException"/>, always makes progress, allocates in proportion to the bytes it was given (a
/// length that lies allocates nothing), decodes the same whether the bytes came in one piece or several, and never
/// decodes as a packet what the spec says to refuse. Bounded: <see cref="FuzzSettings.CodecCases"/> cases or 20 s.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class CodecFuzzTests(ITestOutputHelper output)
{
    private const int Salt = 0x0C0DEC;

    [Fact]
    public void Every_generated_packet_decodes_as_itself()
    {
        // The fuzz is only as good as its valid packets: mutations of garbage would test little.
        var seed = FuzzSettings.Seed;
        foreach (var version in new[] { MqttProtocolVersion.V311, MqttProtocolVersion.V500 })
        {
            foreach (var kind in ValidPackets.AllKinds.Where(k => k != PacketKind.Auth || version == MqttProtocolVersion.V500))
            {
                for (var i = 0; i < 200; i++)
                {
                    var rng = FuzzSettings.ForCase(seed, i);
                    var bytes = ValidPackets.Create(kind, version, rng, "fz-valid").Encode();
                    var buffer = new ReadOnlySequence<byte>(bytes);
                    try
                    {
                        Assert.True(MqttPacketReader.TryRead(ref buffer, version, MqttBrokerOptions.DefaultMaximumPacketSize, out var packet), $"{kind} {version} did not decode: {FuzzSettings.Hex(bytes)}");
                        Assert.Equal(ExpectedType(kind), packet.Type);
                        Assert.Equal(0, buffer.Length);
                    }
                    catch (MqttProtocolException ex)
                    {
                        Assert.Fail($"Valid {kind} ({version}, seed {seed}, case {i}) refused: {ex.Message}\n{FuzzSettings.Hex(bytes)}");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task Mutated_packets_yield_packets_or_protocol_errors_only()
    {
        var seed = FuzzSettings.Seed;
        var cases = FuzzSettings.CodecCases;
        var bound = FuzzSettings.TimeBound(20);
        var current = -1;
        var failures = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        var run = Task.Factory.StartNew(
            () =>
            {
                for (var i = FuzzSettings.OnlyCase ?? 0; i < cases && failures.Count < 10 && stopwatch.Elapsed < bound; i++)
                {
                    Volatile.Write(ref current, i);
                    if (RunCase(seed, i) is { } failure)
                    {
                        failures.Add(failure);
                    }

                    if (FuzzSettings.OnlyCase is not null)
                    {
                        break;
                    }
                }
            },
            TaskCreationOptions.LongRunning);
        try
        {
            await run.WaitAsync(bound + TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The codec did not return on case {Volatile.Read(ref current)} (seed {seed}): {Describe(seed, Volatile.Read(ref current))}");
        }

        output.WriteLine($"Codec fuzz: seed {seed}, {Volatile.Read(ref current) + 1} of {cases} cases in {stopwatch.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, $"Codec fuzz failures (seed {seed}; rerun one with AIOT_FUZZ_SEED={seed} AIOT_FUZZ_CASE=n):\n{string.Join("\n", failures)}");
    }

    private static string? RunCase(int seed, int index)
    {
        var (bytes, version, maxPacketSize, mustRefuse, rng) = Generate(seed, index);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        var whole = Decode(new ReadOnlySequence<byte>(bytes), version, maxPacketSize, bytes.Length, out var thrown);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var took = Stopwatch.GetElapsedTime(started);
        string Fail(string what) => $"case {index} ({version}, max {maxPacketSize}): {what}\n  {FuzzSettings.Hex(bytes)}";
        if (thrown is not null)
        {
            return Fail($"threw {thrown.GetType().Name}: {thrown.Message}");
        }

        if (whole.Contains("no progress"))
        {
            return Fail("a read returned a packet without consuming the buffer");
        }

        var allowed = 32L * bytes.Length + (256 << 10);
        if (allocated > allowed)
        {
            return Fail($"allocated {allocated} bytes for {bytes.Length} bytes of input");
        }

        if (took > TimeSpan.FromSeconds(2))
        {
            return Fail($"took {took.TotalSeconds:F1} s");
        }

        var split = Decode(SplitSequence.Create(bytes, rng), version, maxPacketSize, bytes.Length, out thrown);
        if (thrown is not null || !split.SequenceEqual(whole))
        {
            return Fail($"decoded differently in pieces: [{string.Join(", ", whole)}] in one, [{string.Join(", ", split)}] in pieces{(thrown is null ? "" : $" ({thrown.GetType().Name})")}");
        }

        if (mustRefuse is not null && whole[0].StartsWith("packet", StringComparison.Ordinal))
        {
            return Fail($"decoded {whole[0]} although it has {mustRefuse}");
        }

        return null;
    }

    /// <summary>What reading the stream packet by packet yields: each packet's type, then "more" or the protocol error.</summary>
    private static List<string> Decode(ReadOnlySequence<byte> buffer, MqttProtocolVersion version, uint maxPacketSize, int length, out Exception? unexpected)
    {
        unexpected = null;
        var outcome = new List<string>();
        try
        {
            for (var i = 0; i <= length; i++)
            {
                var left = buffer.Length;
                if (!MqttPacketReader.TryRead(ref buffer, version, maxPacketSize, out var packet))
                {
                    outcome.Add("more");
                    return outcome;
                }

                outcome.Add($"packet {packet.Type}");
                if (buffer.Length >= left)
                {
                    outcome.Add("no progress");
                    return outcome;
                }
            }

            outcome.Add("no progress");
        }
        catch (MqttProtocolException ex) when (ex.Message.Length > 0)
        {
            outcome.Add($"error {ex.ReasonCode}");
        }
        catch (Exception ex)
        {
            unexpected = ex;
        }

        return outcome;
    }

    private static (byte[] Bytes, MqttProtocolVersion Version, uint MaxPacketSize, string? MustRefuse, Random Rng) Generate(int seed, int index)
    {
        var rng = FuzzSettings.ForCase(seed ^ Salt, index);
        var version = rng.Next(2) == 0 ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500;
        var v5 = version == MqttProtocolVersion.V500;
        var clientId = $"fz-codec-{index}";
        byte[] first;
        string? mustRefuse = null;
        if (rng.Next(4) == 0)
        {
            var refusal = RefusalCases.Create(rng, version, clientId);
            first = refusal.Bytes;
            mustRefuse = refusal.InCodec ? refusal.Refusal.Reason : null;
        }
        else
        {
            var packet = ValidPackets.Create(ValidPackets.AllKinds[rng.Next(ValidPackets.AllKinds.Length)], version, rng, clientId);
            var mutation = rng.Next(10) switch
            {
                0 => Mutation.None,
                < 4 when packet.Properties is not null => Mutations.OnProperties[rng.Next(Mutations.OnProperties.Length)],
                _ => Mutations.OnBytes[rng.Next(Mutations.OnBytes.Length)],
            };
            first = Mutations.Apply(mutation, packet, rng);
        }

        var followers = Enumerable.Range(0, rng.Next(0, 3))
            .SelectMany(_ => ValidPackets.Create(ValidPackets.AllKinds[rng.Next(ValidPackets.AllKinds.Length)], version, rng, clientId).Encode());
        byte[] bytes = [.. first, .. followers];
        mustRefuse ??= RefusalOracle.MustRefuse(bytes, context: null, v5)?.Reason;
        var maxPacketSize = rng.Next(5) switch
        {
            0 => uint.MaxValue,
            1 => (uint)rng.Next(128, 4096),
            _ => MqttBrokerOptions.DefaultMaximumPacketSize,
        };
        return (bytes, version, maxPacketSize, mustRefuse, rng);
    }

    private static string Describe(int seed, int index) => index < 0 ? "none started" : FuzzSettings.Hex(Generate(seed, index).Bytes);

    private static MqttPacketType ExpectedType(PacketKind kind) => kind switch
    {
        PacketKind.Publish0 or PacketKind.Publish1 or PacketKind.Publish2 => MqttPacketType.Publish,
        _ => Enum.Parse<MqttPacketType>(kind.ToString()),
    };
}
