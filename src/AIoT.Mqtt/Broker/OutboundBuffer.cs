using System.Buffers;

namespace AIoT.Mqtt.Broker;

/// <summary>
/// Bytes waiting to be written to one connection, in 16 KiB segments rented from the shared array pool.
/// A busy subscriber reuses pooled segments instead of growing one large buffer (large arrays land on the
/// large-object heap, and allocating them at fan-out rates makes the GC collect the whole heap over and over);
/// an idle connection holds no segment at all.
/// </summary>
internal sealed class OutboundBuffer : IBufferWriter<byte>
{
    private const int SegmentSize = 16 * 1024;

    private readonly List<(byte[] Array, int Length)> _full = [];
    private byte[]? _current;
    private int _currentLength;
    private int _sendSegment;
    private int _sendOffset;

    public int WrittenCount { get; private set; }

    public void Advance(int count)
    {
        _currentLength += count;
        WrittenCount += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsMemory(_currentLength);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsSpan(_currentLength);
    }

    public async ValueTask WriteToAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        foreach (var (array, length) in _full)
        {
            await stream.WriteAsync(array.AsMemory(0, length), cancellationToken);
        }

        if (_currentLength > 0)
        {
            await stream.WriteAsync(_current.AsMemory(0, _currentLength), cancellationToken);
        }
    }

    /// <summary>The next bytes not yet sent, for a writer that may send only part of them (<see cref="MarkSent"/>); empty once all are sent.</summary>
    public ReadOnlySpan<byte> Unsent =>
        _sendSegment < _full.Count
            ? _full[_sendSegment].Array.AsSpan(_sendOffset, _full[_sendSegment].Length - _sendOffset)
            : _current.AsSpan(_sendOffset, _currentLength - _sendOffset);

    public void MarkSent(int count)
    {
        _sendOffset += count;
        if (_sendSegment < _full.Count && _sendOffset == _full[_sendSegment].Length)
        {
            _sendSegment++;
            _sendOffset = 0;
        }
    }

    /// <summary>Gives every segment back to the pool; the buffer is empty and can be reused.</summary>
    public void Release()
    {
        foreach (var (array, _) in _full)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        _full.Clear();
        if (_current is not null)
        {
            ArrayPool<byte>.Shared.Return(_current);
            _current = null;
        }

        _currentLength = 0;
        _sendSegment = _sendOffset = 0;
        WrittenCount = 0;
    }

    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_current is not null && _current.Length - _currentLength >= sizeHint)
        {
            return;
        }

        if (_current is not null && _currentLength > 0)
        {
            _full.Add((_current, _currentLength));
        }
        else if (_current is not null)
        {
            ArrayPool<byte>.Shared.Return(_current);
        }

        _current = ArrayPool<byte>.Shared.Rent(Math.Max(SegmentSize, sizeHint));
        _currentLength = 0;
    }
}
