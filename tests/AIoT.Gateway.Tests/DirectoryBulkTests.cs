using AIoT.Gateway.Provisioning;
using AIoT.Gateway.Tests.Support;
using AIoT.Storage.Tests.Support;

namespace AIoT.Gateway.Tests;

/// <summary>A bulk of rows written to the device directory reads back as it was given, each row with its own values, on every kind of directory.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class DirectoryBulkTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private readonly DirectoryKinds _directories = new(postgres);

    [Theory]
    [MemberData(nameof(DirectoryKinds.All), MemberType = typeof(DirectoryKinds))]
    public async Task Every_row_of_a_bulk_keeps_its_own_values_and_the_taken_ids_are_named_and_left_alone(string kind)
    {
        var directory = await _directories.OpenAsync(kind);
        var earlier = new DirectoryEntry(new ProvisionedDevice("taken-1", "cuco.plug.v2eur", "home", "hall", "First owner", DateTimeOffset.FromUnixTimeMilliseconds(1)), "theirs");
        Assert.Empty(await directory.AddAsync([earlier]));

        // Runs of equal values, then a change, then back; nulls between texts: what one row bound must not leak into the next.
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        var bulk = Enumerable.Range(0, 300).Select(i => new DirectoryEntry(
            new ProvisionedDevice(
                $"dev-{(i * 7919) % 300:D3}",
                i % 50 < 40 ? "cuco.plug.v2eur" : "zhimi.airp.mb3",
                i % 3 == 0 ? null : $"home-{i / 100}",
                i % 4 == 0 ? "" : "kitchen",
                $"Device {i}",
                at.AddMilliseconds(i / 10)),
            i % 5 == 0 ? null : $"sha256$salt{i}$hash{i}")).ToList();
        bulk.Insert(150, new DirectoryEntry(earlier.Device with { Name = "Second owner" }, "mine"));

        var taken = await directory.AddAsync(bulk);

        Assert.Equal(["taken-1"], taken);
        Assert.Equal(301, await directory.CountAsync());
        Assert.Equal(earlier, await directory.FindAsync("taken-1"));
        foreach (var entry in bulk.Where(e => e.Device.DeviceId != "taken-1"))
        {
            Assert.Equal(entry, await directory.FindAsync(entry.Device.DeviceId));
        }
    }

    [Theory]
    [MemberData(nameof(DirectoryKinds.All), MemberType = typeof(DirectoryKinds))]
    public async Task An_id_given_twice_in_one_bulk_is_added_once_as_first_given_and_named_taken_once(string kind)
    {
        var directory = await _directories.OpenAsync(kind);
        var first = Entry("twice", "First");

        var taken = await directory.AddAsync([Entry("zz-last", "Z"), first, Entry("once", "Once"), Entry("twice", "Second")]);

        Assert.Equal(["twice"], taken);
        Assert.Equal(3, await directory.CountAsync());
        Assert.Equal(first, await directory.FindAsync("twice"));
    }

    [Theory]
    [MemberData(nameof(DirectoryKinds.All), MemberType = typeof(DirectoryKinds))]
    public async Task Registrations_made_at_once_are_each_counted_once(string kind)
    {
        var directory = await _directories.OpenAsync(kind);

        var taken = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => directory.AddAsync([Entry($"dev-{i % 150:D3}", $"Device {i}")]))));

        Assert.Equal(50, taken.Sum(t => t.Count));
        Assert.Equal(150, await directory.CountAsync());
        Assert.Equal(150, (await directory.ListAsync(null, 1000)).Devices.Count);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _directories.DisposeAsync().AsTask();

    private static DirectoryEntry Entry(string id, string name) =>
        new(new ProvisionedDevice(id, "cuco.plug.v2eur", "home", "hall", name, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)), $"hash-{name}");
}
