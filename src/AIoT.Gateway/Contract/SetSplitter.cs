using AIoT.Ecosystem.Devices;

namespace AIoT.Gateway.Contract;

/// <summary>
/// One set made into as many aiot/{id}/set commands as it takes for each to fit the device's packet budget: the writes
/// keep their order, each command as full as it can be. A write too large to fit even alone (a long string) goes alone.
/// </summary>
public static class SetSplitter
{
    public static IReadOnlyList<IReadOnlyList<PropertyWrite>> Split(IReadOnlyList<PropertyWrite> writes, int maxPayloadBytes)
    {
        // Sized with the largest id, so a batch fits whatever id it is given. The object grows by each entry and a comma.
        var empty = Payload([]);
        var batches = new List<IReadOnlyList<PropertyWrite>>();
        var current = new List<PropertyWrite>();
        var size = empty;
        foreach (var write in writes)
        {
            var entry = Payload([write]) - empty;
            var grown = size + entry + (current.Count > 0 ? 1 : 0);
            if (current.Count > 0 && grown > maxPayloadBytes)
            {
                batches.Add(current);
                current = [];
                grown = empty + entry;
            }

            current.Add(write);
            size = grown;
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }

    private static int Payload(IReadOnlyList<PropertyWrite> writes) => ContractJson.WriteSet(new SetCommand(DevicePacketBudget.MaxCommandId, writes)).Length;
}
