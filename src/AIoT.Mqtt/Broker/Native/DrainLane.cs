using System.Collections.Concurrent;

namespace AIoT.Mqtt.Broker.Native;

/// <summary>
/// Drains that continue away from the thread that started them: resumed once the loop reports a full socket writable
/// again, or stepping aside after their turn's share. Output goes before new input here: every reader runs one waiting
/// drain between two receives, and a pool work item of the lane's own takes them when no reader is busy. On the thread
/// pool's global queue they waited behind every busy publisher's reader, up to half a second, while the subscriber's
/// pending bytes sat at their limit and its QoS 0 messages were dropped.
/// </summary>
internal sealed class DrainLane : IThreadPoolWorkItem
{
    /// <summary>Drains the lane's own work item runs before it lets the rest of the pool's queue have the thread.</summary>
    private const int DrainsPerTurn = 64;

    private readonly ConcurrentQueue<NativeSocketConnection> _waiting = new();
    private int _turnQueued;

    public void Add(NativeSocketConnection connection)
    {
        _waiting.Enqueue(connection);
        QueueTurn();
    }

    /// <summary>Runs one waiting drain, if there is one; costs next to nothing when none waits.</summary>
    public void RunOne()
    {
        if (!_waiting.IsEmpty && _waiting.TryDequeue(out var connection))
        {
            connection.Drain();
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        // Cleared before looking, so an Add that finds it clear queues a turn that will see its drain.
        Interlocked.Exchange(ref _turnQueued, 0);
        for (var i = 0; i < DrainsPerTurn && _waiting.TryDequeue(out var connection); i++)
        {
            connection.Drain();
        }

        if (!_waiting.IsEmpty)
        {
            QueueTurn();
        }
    }

    private void QueueTurn()
    {
        if (Interlocked.Exchange(ref _turnQueued, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }
}
