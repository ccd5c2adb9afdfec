using System.Buffers;
using System.Net;

namespace AIoT.Mqtt.Broker.Native;

/// <summary>
/// A TCP client served by the broker's own event loop. Between bursts it holds only its descriptor and protocol state:
/// no read buffer, no suspended read and no .NET Socket, which is most of what an idle connection would otherwise cost
/// (docs/performance.md). When the loop reports data, a reader runs on the thread pool until the socket is drained,
/// then parks again; when a send would block, the drain waits for the loop to report the socket writable.
/// </summary>
internal sealed class NativeSocketConnection : MqttConnection, IThreadPoolWorkItem
{
    private const int InitialReceiveSize = 4096;
    private const int WouldBlock = -1;

    /// <summary>Bytes a drain sends before it lets other work on its thread run.</summary>
    private const int DrainTurnBytes = 1 << 20;

    // Reader states: parked (waiting for the loop), reading, reading with more data reported meanwhile, ended.
    private const int Parked = 0;
    private const int Reading = 1;
    private const int ReadingNotified = 2;
    private const int Ended = 3;

    private readonly SocketEventLoop _loop;
    private readonly int _fd;

    // Sends and receives in progress, plus one for the connection itself until its transport closes. The descriptor is
    // closed when this reaches zero, so a connection closed on one thread never lets another send to a descriptor
    // number the kernel has meanwhile given to a new client. (A SafeHandle does the same at 40 bytes more per client.)
    private int _fdUsers = 1;
    private byte[]? _inbox;
    private int _inboxLength;
    private int _readState;
    private OutboundBuffer? _sendingWhenWritable;
    private int _waitingForWritable;
    private int _writableReports;

    public NativeSocketConnection(MqttBroker broker, SocketEventLoop loop, int fd, EndPoint? remote)
        : base(broker, remote)
    {
        _loop = loop;
        _fd = fd;
    }

    /// <summary>Which slot of the loop's table this connection holds, and in which generation; epoll hands it back with each event.</summary>
    public ulong Token { get; set; }

    /// <summary>Called on the loop's thread with what epoll reported; never blocks.</summary>
    public void OnEvents(uint events)
    {
        if ((events & (LinuxSockets.EPOLLOUT | LinuxSockets.EPOLLERR | LinuxSockets.EPOLLHUP)) != 0)
        {
            OnWritable();
        }

        if ((events & (LinuxSockets.EPOLLIN | LinuxSockets.EPOLLRDHUP | LinuxSockets.EPOLLERR | LinuxSockets.EPOLLHUP)) != 0)
        {
            OnReadable();
        }
    }

    private void OnReadable()
    {
        while (true)
        {
            var state = Volatile.Read(ref _readState);
            switch (state)
            {
                case Parked when Interlocked.CompareExchange(ref _readState, Reading, Parked) == Parked:
                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                    return;
                case Reading when Interlocked.CompareExchange(ref _readState, ReadingNotified, Reading) == Reading:
                case ReadingNotified or Ended:
                    return;
            }
        }
    }

    /// <summary>The reader's turn on the thread pool.</summary>
    void IThreadPoolWorkItem.Execute() => _ = ReadAsync();

    private async Task ReadAsync()
    {
        var ended = false;
        try
        {
            var handled = 0;
            while (!ended)
            {
                if (IsClosing)
                {
                    ended = true;
                    break;
                }

                if (IsPaused)
                {
                    // Held back by a congested subscriber: the socket is left unread, so the client's TCP window fills.
                    // The last release reports the socket readable again (OnResumed), as epoll reports no data it saw.
                    if (_inboxLength == 0)
                    {
                        ReturnInbox();
                    }

                    if (TryPark())
                    {
                        return;
                    }

                    continue;
                }

                _loop.RunContinuedDrain();
                var received = Receive();
                if (received == WouldBlock)
                {
                    if (_inboxLength == 0)
                    {
                        ReturnInbox();
                    }

                    if (TryPark())
                    {
                        return;
                    }

                    continue;
                }

                if (received == 0)
                {
                    ended = true;
                    break;
                }

                var buffer = new ReadOnlySequence<byte>(_inbox!, 0, _inboxLength);
                var keepGoing = true;
                while (keepGoing && TryReadPacket(ref buffer, out var packet))
                {
                    (keepGoing, var cost) = await HandleAndChargeAsync(packet);
                    handled += cost;
                }

                KeepUnread((int)buffer.Length);
                ended = !keepGoing;
                if (handled >= FairnessBudget)
                {
                    // A client that always has data ready would otherwise keep this thread forever.
                    handled = 0;
                    await Task.Yield();
                }
            }
        }
        catch (Exception ex)
        {
            ended = true;
            OnReadFailed(ex);
        }

        Volatile.Write(ref _readState, Ended);
        ReturnInbox();
        await EndAsync();
    }

    /// <summary>Parks the reader unless the loop reported more data while it was reading.</summary>
    private bool TryPark()
    {
        if (Interlocked.CompareExchange(ref _readState, Parked, Reading) == Reading)
        {
            return true;
        }

        Volatile.Write(ref _readState, Reading);
        return false;
    }

    /// <summary>Reads what the socket has: a byte count, 0 at the end of the stream or on an error, or <see cref="WouldBlock"/>.</summary>
    private int Receive()
    {
        if (_inbox is null)
        {
            _inbox = ArrayPool<byte>.Shared.Rent(InitialReceiveSize);
        }
        else if (_inboxLength == _inbox.Length)
        {
            // A packet larger than the buffer: grow it (the codec refuses packets over the maximum size from their header).
            var larger = ArrayPool<byte>.Shared.Rent(_inbox.Length * 2);
            _inbox.AsSpan(0, _inboxLength).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_inbox);
            _inbox = larger;
        }

        if (!TryEnterDescriptor())
        {
            return 0;
        }

        try
        {
            return ReceiveInto(_inbox.AsSpan(_inboxLength));
        }
        finally
        {
            ExitDescriptor();
        }
    }

    private int ReceiveInto(Span<byte> free)
    {
        while (true)
        {
            var count = LinuxSockets.Receive(_fd, free);
            if (count > 0)
            {
                _inboxLength += count;
                return count;
            }

            switch (-count)
            {
                case 0:
                    return 0;
                case LinuxSockets.EAGAIN:
                    return WouldBlock;
                case LinuxSockets.EINTR:
                    continue;
                default:
                    return 0;
            }
        }
    }

    /// <summary>Moves the unread tail (half a packet) to the front of the buffer.</summary>
    private void KeepUnread(int unread)
    {
        if (unread > 0 && unread < _inboxLength)
        {
            _inbox.AsSpan(_inboxLength - unread, unread).CopyTo(_inbox);
        }

        _inboxLength = unread;
    }

    private void ReturnInbox()
    {
        if (_inbox is not null)
        {
            ArrayPool<byte>.Shared.Return(_inbox);
            _inbox = null;
            _inboxLength = 0;
        }
    }

    protected override void WakeReader() => OnReadable();

    protected override void OnResumed() => OnReadable();

    /// <remarks>
    /// Queued on the current worker's own queue, so it runs as soon as this reader's turn ends. On the global queue a
    /// subscriber's drain waited behind every busy publisher's reader (tens of milliseconds with 100 publishers) while its
    /// pending bytes hit the cap and QoS 0 messages were dropped: 100 → 1 at 1 KiB delivered 0.1× mosquitto.
    /// </remarks>
    protected override void StartDrain() => ThreadPool.UnsafeQueueUserWorkItem(static connection => connection.Drain(), this, preferLocal: true);

    /// <summary>Sends what is pending until all is sent, the socket is full, or this turn's share is used up.</summary>
    internal void Drain()
    {
        var sending = _sendingWhenWritable;
        _sendingWhenWritable = null;
        try
        {
            sending ??= NextToSend(null);
            long sentThisTurn = 0;
            while (sending is not null)
            {
                var reportsBefore = Volatile.Read(ref _writableReports);
                var length = sending.WrittenCount;
                if (SendAll(sending))
                {
                    sentThisTurn += length;
                    sending = NextToSend(sending);
                    if (sending is not null && sentThisTurn >= DrainTurnBytes)
                    {
                        // Publishers may refill a fast subscriber's buffer forever; the drains queued behind this one
                        // on this thread must get their turn.
                        _sendingWhenWritable = sending;
                        _loop.ContinueDrain(this);
                        return;
                    }

                    continue;
                }

                _sendingWhenWritable = sending;
                Interlocked.Exchange(ref _waitingForWritable, 1);
                if (Volatile.Read(ref _writableReports) == reportsBefore || Interlocked.Exchange(ref _waitingForWritable, 0) == 0)
                {
                    // The loop queues the next drain when the socket can take more (or already has).
                    return;
                }

                // The socket became writable between the refused send and the wait: carry on here, with what is parked
                // now. The wait this drain took over may be a later drain's, which had resumed this one's buffer,
                // finished it and parked another.
                sending = _sendingWhenWritable;
                _sendingWhenWritable = null;
            }
        }
        catch (Exception)
        {
            OnWriteFailed(sending);
        }
    }

    private void OnWritable()
    {
        Interlocked.Increment(ref _writableReports);
        if (Interlocked.Exchange(ref _waitingForWritable, 0) == 1)
        {
            _loop.ContinueDrain(this);
        }
    }

    /// <summary>Sends until the buffer is empty (true) or the socket's send buffer is full (false).</summary>
    private bool SendAll(OutboundBuffer buffer)
    {
        if (!TryEnterDescriptor())
        {
            throw new ObjectDisposedException(nameof(NativeSocketConnection));
        }

        try
        {
            return SendFrom(buffer);
        }
        finally
        {
            ExitDescriptor();
        }
    }

    private bool SendFrom(OutboundBuffer buffer)
    {
        while (true)
        {
            var unsent = buffer.Unsent;
            if (unsent.IsEmpty)
            {
                return true;
            }

            var count = LinuxSockets.Send(_fd, unsent);
            if (count >= 0)
            {
                buffer.MarkSent(count);
                continue;
            }

            switch (-count)
            {
                case LinuxSockets.EAGAIN:
                    return false;
                case LinuxSockets.EINTR:
                    continue;
                default:
                    throw new IOException($"send failed with errno {-count}.");
            }
        }
    }

    private bool TryEnterDescriptor()
    {
        var users = Volatile.Read(ref _fdUsers);
        while (users > 0)
        {
            var seen = Interlocked.CompareExchange(ref _fdUsers, users + 1, users);
            if (seen == users)
            {
                return true;
            }

            users = seen;
        }

        return false;
    }

    private void ExitDescriptor()
    {
        if (Interlocked.Decrement(ref _fdUsers) == 0)
        {
            LinuxSockets.CloseDescriptor(_fd);
        }
    }

    /// <summary>
    /// Cuts the connection off when the loop stops: the socket is shut down both ways and the reader and a waiting drain
    /// are run as if epoll had reported it, so they see the end and release the connection without the loop.
    /// </summary>
    public void Abort()
    {
        if (TryEnterDescriptor())
        {
            try
            {
                LinuxSockets.Shutdown(_fd);
            }
            finally
            {
                ExitDescriptor();
            }
        }

        OnEvents(LinuxSockets.EPOLLIN | LinuxSockets.EPOLLOUT | LinuxSockets.EPOLLHUP);
    }

    /// <summary>Runs once, from <see cref="MqttConnection.EndAsync"/>.</summary>
    protected override ValueTask CloseTransportAsync()
    {
        // The descriptor closes when its last user lets go; the client sees the end now, whoever still holds it.
        if (TryEnterDescriptor())
        {
            try
            {
                LinuxSockets.Shutdown(_fd);
            }
            finally
            {
                ExitDescriptor();
            }
        }

        _loop.Unregister(this);
        ExitDescriptor();
        return ValueTask.CompletedTask;
    }
}
