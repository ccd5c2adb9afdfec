namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>
/// The fuzzers' seed, case counts and time bounds. Every case draws from its own generator, made from the seed and the
/// case's number, so a failure reproduces from those two whatever ran before it or beside it.
/// AIOT_FUZZ_SEED, AIOT_FUZZ_CASES (broker cases; the codec fuzz runs 10 times as many) and AIOT_FUZZ_SECONDS
/// (per fuzzer) run it longer by hand; AIOT_FUZZ_CASE reruns one case.
/// </summary>
internal static class FuzzSettings
{
    public const int DefaultSeed = 20261201;

    public static int Seed => ReadInt("AIOT_FUZZ_SEED") ?? DefaultSeed;

    public static int BrokerCases => ReadInt("AIOT_FUZZ_CASES") ?? 3000;

    public static int CodecCases => BrokerCases * 10;

    /// <summary>AIOT_FUZZ_CASE runs that one case alone, to reproduce a failure.</summary>
    public static int? OnlyCase => ReadInt("AIOT_FUZZ_CASE");

    /// <summary>Wall time after which a fuzzer starts no more cases; those run so far must have passed.</summary>
    public static TimeSpan TimeBound(int defaultSeconds) => TimeSpan.FromSeconds(ReadInt("AIOT_FUZZ_SECONDS") ?? defaultSeconds);

    /// <remarks>
    /// A fixed mix of the two (SplitMix64's finaliser): HashCode.Combine is seeded anew in every process, so a case
    /// drawn from it could not be rerun, and each run drew other cases than the seed named.
    /// </remarks>
    public static Random ForCase(int seed, int index)
    {
        var z = ((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return new((int)(z ^ (z >> 31)));
    }

    public static string Hex(ReadOnlySpan<byte> bytes, int limit = 4096) =>
        bytes.Length <= limit ? Convert.ToHexString(bytes) : $"{Convert.ToHexString(bytes[..limit])}... ({bytes.Length} bytes in all)";

    private static int? ReadInt(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;
}
