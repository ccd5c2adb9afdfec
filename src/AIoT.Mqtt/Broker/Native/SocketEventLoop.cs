using System.Net.Sockets;
using AIoT.Mqtt.Packets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace AIoT.Mqtt.Broker.Native;

/// <summary>
/// The broker's own event loop on Linux: one thread waits in epoll for the listener and every connection
/// (edge-triggered), accepts new clients and hands readiness to the connections, whose work runs on the thread pool.
/// Connections are found through a slot table; an event carries slot and generation, so a late event for a closed
/// connection never reaches the one that took its slot.
/// </summary>
internal sealed unsafe class SocketEventLoop : IDisposable
{
    private const int MaxEvents = 256;
    private const int WaitMilliseconds = 200;
    private const ulong ListenerToken = ulong.MaxValue;
    private const uint ConnectionEvents = LinuxSockets.EPOLLIN | LinuxSockets.EPOLLOUT | LinuxSockets.EPOLLRDHUP | LinuxSockets.EPOLLET;

    /// <summary>How long accepting pauses when the process is out of file descriptors.</summary>
    private const int AcceptPauseMilliseconds = 100;

    private readonly MqttBroker _broker;
    private readonly Socket _listener;
    private readonly int _epoll;
    private readonly Thread _thread;
    private readonly object _slotGate = new();
    private readonly Lock _acceptGate = new();
    private readonly Stack<int> _freeSlots = new();
    private readonly DrainLane _drainLane = new();
    private NativeSocketConnection?[] _slots = new NativeSocketConnection?[1024];
    private int _usedSlots;
    private uint _generation;
    private bool _accepting = true;
    private long _acceptPausedUntil;
    private volatile bool _stopping;
    private int _disposed;

    public SocketEventLoop(MqttBroker broker, Socket listener)
    {
        _broker = broker;
        _listener = listener;
        _listener.Blocking = false;
        _epoll = LinuxSockets.CreateEpoll();
        var added = LinuxSockets.Add(_epoll, (int)listener.Handle, LinuxSockets.EPOLLIN, ListenerToken);
        if (added < 0)
        {
            LinuxSockets.CloseDescriptor(_epoll);
            throw new IOException($"epoll_ctl on the listener failed with errno {-added}.");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "MQTT event loop" };
        _thread.Start();
    }

    /// <summary>Continues a connection's drain ahead of new input (<see cref="DrainLane"/>).</summary>
    public void ContinueDrain(NativeSocketConnection connection) => _drainLane.Add(connection);

    /// <summary>A reader's share of the waiting drains, between two receives.</summary>
    public void RunContinuedDrain() => _drainLane.RunOne();

    /// <summary>Connections registered now.</summary>
    public int Count { get; private set; }

    /// <summary>The connections, read without a lock: one registered or closed meanwhile may be missed or seen.</summary>
    public IEnumerable<NativeSocketConnection> Connections
    {
        get
        {
            foreach (var connection in Volatile.Read(ref _slots))
            {
                if (connection is not null)
                {
                    yield return connection;
                }
            }
        }
    }

    /// <summary>Stops taking new clients; call before the listener is closed.</summary>
    public void StopAccepting()
    {
        lock (_acceptGate)
        {
            if (_accepting)
            {
                _accepting = false;
                if (_acceptPausedUntil == 0)
                {
                    LinuxSockets.Remove(_epoll, ListenerDescriptor);
                }
            }
        }
    }

    private int ListenerDescriptor => (int)_listener.Handle;

    public void Unregister(NativeSocketConnection connection)
    {
        lock (_slotGate)
        {
            var slot = (int)(connection.Token & uint.MaxValue);
            if (slot < _slots.Length && ReferenceEquals(_slots[slot], connection))
            {
                _slots[slot] = null;
                _freeSlots.Push(slot);
                Count--;
            }
        }
    }

    /// <summary>Stops the loop; connections still registered are cut off (the broker has asked them to close and waited).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        StopAccepting();
        foreach (var connection in Connections)
        {
            connection.Abort();
        }

        _stopping = true;
        if (Thread.CurrentThread != _thread && !_thread.Join(TimeSpan.FromSeconds(2)))
        {
            // The thread may still be waiting on the epoll descriptor; closing it could hand its number to a new file.
            return;
        }

        LinuxSockets.CloseDescriptor(_epoll);
    }

    private void Run()
    {
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * LinuxSockets.EventSize));
        try
        {
            while (!_stopping)
            {
                ResumeAcceptingIfDue();
                var count = LinuxSockets.Wait(_epoll, events, MaxEvents, _acceptPausedUntil != 0 ? AcceptPauseMilliseconds : WaitMilliseconds);
                if (count < 0)
                {
                    if (-count == LinuxSockets.EINTR)
                    {
                        continue;
                    }

                    _broker.Logger.LogCritical("The MQTT event loop stopped: epoll_wait failed with errno {Errno}", -count);
                    return;
                }

                var slots = Volatile.Read(ref _slots);
                for (var i = 0; i < count; i++)
                {
                    var (ready, token) = LinuxSockets.ReadEvent(events, i);
                    try
                    {
                        if (token == ListenerToken)
                        {
                            AcceptPending();
                            slots = Volatile.Read(ref _slots);
                            continue;
                        }

                        var slot = (int)(token & uint.MaxValue);
                        if (slot < slots.Length && slots[slot] is { } connection && connection.Token == token)
                        {
                            connection.OnEvents(ready);
                        }
                    }
                    catch (Exception ex)
                    {
                        // One client's trouble (or a failing logger) must not stop the loop every other client depends on.
                        _broker.Logger.LogError(ex, "The MQTT event loop failed to handle an event");
                    }
                }
            }
        }
        catch (Exception ex)
        {
            _broker.Logger.LogCritical(ex, "The MQTT event loop failed");
        }
        finally
        {
            NativeMemory.Free(events);
        }
    }

    private void AcceptPending()
    {
        Span<byte> address = stackalloc byte[LinuxSockets.AddressCapacity];
        lock (_acceptGate)
        {
            // A bounded batch: the listener is level-triggered, so what is left is reported again.
            for (var accepted = 0; _accepting && _acceptPausedUntil == 0 && accepted < 64; accepted++)
            {
                var fd = LinuxSockets.Accept(ListenerDescriptor, address, out var length);
                if (fd < 0)
                {
                    switch (-fd)
                    {
                        case LinuxSockets.EAGAIN:
                            return;
                        case LinuxSockets.EINTR:
                            continue;
                        case LinuxSockets.EMFILE or LinuxSockets.ENFILE:
                            _broker.Logger.LogWarning("Cannot accept MQTT clients: the process is out of file descriptors (errno {Errno}); raise the limit (ulimit -n)", -fd);
                            PauseAccepting();
                            return;
                        default:
                            // The client gave up before it was accepted (ECONNABORTED and the like).
                            continue;
                    }
                }

                Admit(fd, address[..Math.Min(length, address.Length)]);
            }
        }
    }

    /// <summary>
    /// The level-triggered listener would be reported again at once, and the clients waiting in the backlog cannot be
    /// taken: leave it out of epoll for a moment instead of spinning (or sleeping on the thread every client needs).
    /// </summary>
    private void PauseAccepting()
    {
        LinuxSockets.Remove(_epoll, ListenerDescriptor);
        _acceptPausedUntil = Environment.TickCount64 + AcceptPauseMilliseconds;
    }

    private void ResumeAcceptingIfDue()
    {
        if (_acceptPausedUntil == 0 || Environment.TickCount64 < _acceptPausedUntil)
        {
            return;
        }

        lock (_acceptGate)
        {
            _acceptPausedUntil = 0;
            if (_accepting && LinuxSockets.Add(_epoll, ListenerDescriptor, LinuxSockets.EPOLLIN, ListenerToken) is < 0 and var error)
            {
                _broker.Logger.LogWarning("Cannot watch the MQTT listener again (errno {Errno}); retrying", -error);
                _acceptPausedUntil = Environment.TickCount64 + AcceptPauseMilliseconds;
            }
        }
    }

    private void Admit(int fd, ReadOnlySpan<byte> address)
    {
        NativeSocketConnection connection;
        try
        {
            LinuxSockets.SetNoDelay(fd);
            LinuxSockets.SetKeepAlive(fd);
            connection = new NativeSocketConnection(_broker, this, fd, SocketAddresses.ToEndPoint(address));
        }
        catch
        {
            LinuxSockets.CloseDescriptor(fd);
            throw;
        }

        Register(connection);
        var added = LinuxSockets.Add(_epoll, fd, ConnectionEvents, connection.Token);
        if (added < 0)
        {
            _broker.Logger.LogWarning("Cannot watch a new MQTT client's socket (errno {Errno}); closing it", -added);
            connection.Close(MqttReasonCode.ServerUnavailable);
        }
    }

    private void Register(NativeSocketConnection connection)
    {
        lock (_slotGate)
        {
            if (!_freeSlots.TryPop(out var slot))
            {
                slot = _usedSlots++;
                if (slot == _slots.Length)
                {
                    var larger = new NativeSocketConnection?[_slots.Length * 2];
                    _slots.CopyTo(larger, 0);
                    Volatile.Write(ref _slots, larger);
                }
            }

            connection.Token = ((ulong)++_generation << 32) | (uint)slot;
            _slots[slot] = connection;
            Count++;
        }
    }
}
