using AIoT.Gateway.Provisioning;
using AIoT.Gateway.Tests.Support;
using AIoT.Storage.Tests.Support;

namespace AIoT.Gateway.Tests;

/// <summary>Every kind of device directory pages in ordinal id order and keeps the devices noted as connected apart from the registered ones.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class DirectoryListingTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    // Ordinal: upper case, then '_', then lower case; a linguistic order would put "a-1" first.
    private static readonly string[] InOrdinalOrder = ["B-2", "C-3", "_x", "a-1", "b-1", "b-10", "b-2"];

    private readonly DirectoryKinds _directories = new(postgres);

    [Theory]
    [MemberData(nameof(DirectoryKinds.All), MemberType = typeof(DirectoryKinds))]
    public async Task Pages_follow_ordinal_id_order_and_leave_out_devices_being_removed(string kind)
    {
        var directory = await _directories.OpenAsync(kind);
        await directory.AddAsync([.. InOrdinalOrder.Reverse().Select(Entry)]);
        await directory.BeginRemovalAsync("_x");

        var first = await directory.ListAsync(null, 3);
        var second = await directory.ListAsync(first.Next, 3);

        Assert.Equal(["B-2", "C-3", "a-1"], first.Devices.Select(d => d.DeviceId));
        Assert.Equal("a-1", first.Next);
        Assert.Equal(["b-1", "b-10", "b-2"], second.Devices.Select(d => d.DeviceId));
        Assert.Null(second.Next);
        Assert.Equal(6, await directory.CountAsync());
    }

    [Theory]
    [MemberData(nameof(DirectoryKinds.All), MemberType = typeof(DirectoryKinds))]
    public async Task Devices_noted_as_connected_are_listed_in_ordinal_order_until_they_leave_or_are_removed(string kind)
    {
        var directory = await _directories.OpenAsync(kind);
        await directory.AddAsync([.. InOrdinalOrder.Select(Entry)]);
        foreach (var id in InOrdinalOrder.Reverse())
        {
            await directory.RecordConnectedAsync(id, connected: true);
        }

        await directory.RecordConnectedAsync("b-1", connected: true);
        await directory.RecordConnectedAsync("C-3", connected: false);
        await directory.RemoveAsync("a-1");

        Assert.Equal(["B-2", "_x", "b-1"], await directory.ListRecordedConnectedAsync(null, 3));
        Assert.Equal(["b-10", "b-2"], await directory.ListRecordedConnectedAsync("b-1", 3));
        Assert.Empty(await directory.ListRecordedConnectedAsync("b-2", 3));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _directories.DisposeAsync().AsTask();

    private static DirectoryEntry Entry(string id) =>
        new(new ProvisionedDevice(id, "cuco.plug.v2eur", null, "", $"Plug {id}", DateTimeOffset.UnixEpoch), null);
}
