using System.Buffers;

namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>Bytes as a sequence of several segments, as a pipe hands them over when they arrived in pieces.</summary>
internal sealed class SplitSequence : ReadOnlySequenceSegment<byte>
{
    private SplitSequence(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Create(byte[] bytes, Random rng)
    {
        if (bytes.Length < 2)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var cuts = Enumerable.Range(0, rng.Next(1, 6)).Select(_ => rng.Next(1, bytes.Length)).Distinct().Order().ToList();
        var first = new SplitSequence(bytes.AsMemory(0, cuts[0]), 0);
        var last = first;
        for (var i = 0; i < cuts.Count; i++)
        {
            var end = i + 1 < cuts.Count ? cuts[i + 1] : bytes.Length;
            var next = new SplitSequence(bytes.AsMemory(cuts[i], end - cuts[i]), cuts[i]);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
