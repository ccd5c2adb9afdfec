namespace AIoT.Gateway.Provisioning;

/// <summary>The directory of a host run with --in-memory, and of tests: gone when the process ends.</summary>
public sealed class MemoryDeviceDirectory : IDeviceDirectory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DirectoryEntry> _entries = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DirectoryEntry> _removing = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _connected = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<string>> AddAsync(IReadOnlyList<DirectoryEntry> entries)
    {
        var taken = new List<string>();
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                if (!_removing.ContainsKey(entry.Device.DeviceId) && _entries.TryAdd(entry.Device.DeviceId, entry))
                {
                    _ids.Add(entry.Device.DeviceId);
                }
                else
                {
                    taken.Add(entry.Device.DeviceId);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(taken);
    }

    public Task<DirectoryEntry?> BeginRemovalAsync(string deviceId)
    {
        lock (_gate)
        {
            if (_entries.Remove(deviceId, out var entry))
            {
                _ids.Remove(deviceId);
                _removing.Add(deviceId, entry);
            }

            return Task.FromResult(_removing.GetValueOrDefault(deviceId));
        }
    }

    public Task<bool> RemoveAsync(string deviceId)
    {
        lock (_gate)
        {
            _connected.Remove(deviceId);
            var removed = _removing.Remove(deviceId) | (_entries.Remove(deviceId) && _ids.Remove(deviceId));
            return Task.FromResult(removed);
        }
    }

    public Task<DirectoryEntry?> FindAsync(string deviceId)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.GetValueOrDefault(deviceId));
        }
    }

    public Task<DevicePage> ListAsync(string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            IEnumerable<string> ids = _ids;
            if (after is not null && _ids.Count > 0)
            {
                ids = string.CompareOrdinal(after, _ids.Max) >= 0 ? [] : _ids.GetViewBetween(after, _ids.Max!).SkipWhile(id => id == after);
            }

            var page = ids.Take(limit + 1).Select(id => _entries[id].Device).ToList();
            var next = page.Count > limit ? page[limit - 1].DeviceId : null;
            return Task.FromResult(new DevicePage(page.Count > limit ? page[..limit] : page, next));
        }
    }

    public Task<long> CountAsync()
    {
        lock (_gate)
        {
            return Task.FromResult((long)_entries.Count);
        }
    }

    public Task RecordConnectedAsync(string deviceId, bool connected)
    {
        lock (_gate)
        {
            _ = connected ? _connected.Add(deviceId) : _connected.Remove(deviceId);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListRecordedConnectedAsync(string? after, int limit)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _connected.Where(id => after is null || string.CompareOrdinal(id, after) > 0).Take(limit)]);
        }
    }
}
