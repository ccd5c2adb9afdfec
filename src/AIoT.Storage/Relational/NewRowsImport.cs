using System.Runtime.ExceptionServices;

namespace AIoT.Storage.Relational;

/// <summary>
/// A bulk import as chunks of <see cref="NewRowsInsert"/> for the writer. A few chunks are queued at a time, so the
/// writer inserts one while the next is serialized, and an import of millions of rows never sits in memory whole.
/// </summary>
internal static class NewRowsImport
{
    private const int ChunksInFlight = 4;

    public static async Task<IReadOnlyList<GrainId>> RunAsync<T>(
        GrainStateWriter writer,
        StatePayloads payloads,
        int chunkSize,
        IEnumerable<(GrainId Id, string StateName, T State)> rows,
        CancellationToken cancellationToken)
    {
        var existing = new List<GrainId>();
        var inFlight = new Queue<(GrainId[] Ids, Task<IReadOnlyList<int>> Existing)>();
        var ids = new List<GrainId>(chunkSize);
        var chunk = new List<NewRowsInsert.NewRow>(chunkSize);

        async Task CollectOldestAsync()
        {
            var (chunkIds, chunkExisting) = inFlight.Dequeue();
            foreach (var index in await chunkExisting)
            {
                existing.Add(chunkIds[index]);
            }
        }

        void Submit()
        {
            cancellationToken.ThrowIfCancellationRequested();
            inFlight.Enqueue(([.. ids], writer.SubmitAsync(new NewRowsInsert([.. chunk]))));
            chunk.Clear();
            ids.Clear();
        }

        Exception? failure = null;
        try
        {
            foreach (var (id, stateName, state) in rows)
            {
                ArgumentException.ThrowIfNullOrEmpty(stateName);
                chunk.Add(new NewRowsInsert.NewRow(id.ToString(), stateName, id.Type.ToString(), payloads.Serialize(state)));
                ids.Add(id);
                if (chunk.Count == chunkSize)
                {
                    Submit();
                    if (inFlight.Count >= ChunksInFlight)
                    {
                        await CollectOldestAsync();
                    }
                }
            }

            if (chunk.Count > 0)
            {
                Submit();
            }
        }
        catch (Exception error)
        {
            failure = error;
        }

        // What was queued runs to its end either way; waiting for it means that when this returns or throws, nothing
        // of the import is still being written.
        while (inFlight.Count > 0)
        {
            try
            {
                await CollectOldestAsync();
            }
            catch (Exception error)
            {
                failure ??= error;
            }
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return existing;
    }
}
