using System.Collections.Concurrent;
using AIoT.Ecosystem.Catalog.Validation;

namespace AIoT.Gateway.Commands;

/// <summary>A command sent to a device and not yet answered. For a set, the values the twin had before, to restore what the device refuses.</summary>
public sealed record PendingCommand(long Id, string DeviceId, string What, IReadOnlyDictionary<string, PropertyValue> Previous, DateTimeOffset SentAt);

/// <summary>Commands awaiting the device's reply, by command id.</summary>
public sealed class PendingCommands
{
    private readonly ConcurrentDictionary<long, PendingCommand> _pending = new();
    // Ids stay below 2^31 so that firmware parsing them into a 32-bit long (atol on an ESP32) reads them right;
    // each node starts at a random point so replies seen by every node rarely match another node's command.
    private long _nextId = Random.Shared.Next(1, int.MaxValue / 2);

    public int Count => _pending.Count;

    public long NextId() => Interlocked.Increment(ref _nextId) % int.MaxValue + 1;

    public void Add(PendingCommand command) => _pending[command.Id] = command;

    /// <summary>The command this reply answers, if it is still pending and was sent to this device.</summary>
    public PendingCommand? Complete(long id, string deviceId) =>
        _pending.TryGetValue(id, out var command) && command.DeviceId == deviceId && _pending.TryRemove(id, out _) ? command : null;

    /// <summary>Removes and returns the commands sent before <paramref name="cutoff"/>.</summary>
    public List<PendingCommand> Expire(DateTimeOffset cutoff)
    {
        var expired = new List<PendingCommand>();
        foreach (var (id, command) in _pending)
        {
            if (command.SentAt < cutoff && _pending.TryRemove(id, out _))
            {
                expired.Add(command);
            }
        }

        return expired;
    }
}
