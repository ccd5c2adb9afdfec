using AIoT.Ecosystem.Index;
using AIoT.Ecosystem.Runtime;
using AIoT.Ecosystem.Totals;
using AIoT.Storage.Hosting;
using AIoT.Storage.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace AIoT.Ecosystem.Tests.Support;

/// <summary>
/// One Orleans silo (InProcessTestCluster) hosting the ecosystem's grains. The grains see a <see cref="FakeTimeProvider"/>
/// (their injected TimeProvider and their grain timers), which only the test moves; the runtime's own clocks (call
/// timeouts, membership, maintenance loops, activation collection, directory cache) stay on real time, so advancing the
/// fake clock never runs silo maintenance inline and a call that gets no answer still times out.
/// </summary>
public sealed class EcosystemCluster : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>Where the grains' clock starts: a Monday morning in Shanghai.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(8));

    private static readonly string[] RealTimeAreas =
    [
        TimeProviderNames.Messaging,
        TimeProviderNames.Membership,
        TimeProviderNames.SystemTimers,
        TimeProviderNames.ActivationManagement,
        TimeProviderNames.GrainDirectory,
    ];

    private readonly Action<ISiloBuilder> _storage;
    private readonly bool _collectBeforeStop;
    private InProcessTestCluster? _cluster;

    /// <summary>
    /// The collection fixture: memory grain storage as the default provider, keeping state as the SQLite storage does
    /// (System.Text.Json). Its default serializer (Newtonsoft) loses every PropertyValue; see
    /// DeviceTwinStorageTests.In_the_hosts_in_memory_mode_a_collected_twin_comes_back_with_its_values.
    /// </summary>
    public EcosystemCluster()
        : this(
            silo =>
            {
                silo.AddMemoryGrainStorageAsDefault(options => options.GrainStorageSerializer = JsonGrainStateSerializer.Default);
                WatchedGrainStorage.DecorateDefault(silo.Services);
            },
            inMemory: true)
    {
    }

    private EcosystemCluster(Action<ISiloBuilder> storage, bool inMemory)
    {
        _storage = storage;

        // Memory storage keeps state in grains of its own, which a stopping silo no longer places: a twin that writes
        // as it deactivates then waits 30 s for nothing. Collecting every activation first, while the silo still
        // runs, lets those writes land and the stop take milliseconds.
        _collectBeforeStop = inMemory;
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public IServiceProvider SiloServices => Cluster.GetSiloServiceProvider();

    /// <summary>The silo's own grain factory, as the host, the gateway and the simulation use it.</summary>
    public IGrainFactory Grains => SiloServices.GetRequiredService<IGrainFactory>();

    /// <summary>The default storage provider the grains write through, resolved as the runtime resolves it.</summary>
    public IGrainStorage Storage => SiloServices.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    /// <summary>What the twins added to the live totals; <see cref="TotalsReporter.FlushAsync"/> sends it now, without waiting on the clock.</summary>
    public TotalsReporter Totals => SiloServices.GetRequiredService<TotalsReporter>();

    public IEcosystemIndex Index => SiloServices.GetRequiredService<IEcosystemIndex>();

    public IManagementGrain Management => Cluster.Client.GetGrain<IManagementGrain>(0);

    /// <summary>A cluster of its own on a SQLite file (AIoT.Storage as the default provider); dispose it to stop it.</summary>
    public static async Task<EcosystemCluster> StartSqliteAsync(string databasePath)
    {
        var cluster = new EcosystemCluster(silo => silo.AddSqliteGrainStorageAsDefault(options => options.DatabasePath = databasePath), inMemory: false);
        await cluster.InitializeAsync();
        return cluster;
    }

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            _storage(silo);
            silo.AddEcosystemTotals();
            silo.Services.AddSingleton<IEcosystemIndex, MemoryEcosystemIndex>();
            silo.Services.AddSingleton<TimeProvider>(Time);
            foreach (var area in RealTimeAreas)
            {
                silo.Services.AddKeyedSingleton<TimeProvider>(area, TimeProvider.System);
            }
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();

        // The tests drive time through Time: make sure the silo really hands it to the grains.
        if (!ReferenceEquals(SiloServices.GetRequiredService<TimeProvider>(), Time)
            || !ReferenceEquals(SiloServices.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Grains), Time)
            || !ReferenceEquals(SiloServices.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Messaging), TimeProvider.System))
        {
            throw new InvalidOperationException("The silo does not use the test's clocks: grains on the fake clock, messaging on real time.");
        }
    }

    /// <summary>Stops the silo gracefully (every activation deactivates, so DeviceGrain flushes what it holds).</summary>
    public async Task DisposeAsync()
    {
        if (_cluster is { } cluster)
        {
            if (_collectBeforeStop)
            {
                await Management.ForceActivationCollection(TimeSpan.Zero);
            }

            _cluster = null;
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    /// <summary>The grain's state as the default storage provider holds it now (with its ETag), not as the activation does.</summary>
    public async Task<GrainState<T>> ReadStoredAsync<T>(IAddressable grain)
        where T : new()
    {
        var stored = new GrainState<T>(new T());
        await Storage.ReadStateAsync(EcosystemGrainTypes.StateName, grain.GetGrainId(), stored);
        return stored;
    }

    /// <summary>Just the stored state; a grain never written reads as a new <typeparamref name="T"/>.</summary>
    public async Task<T> ReadStoredStateAsync<T>(IAddressable grain)
        where T : new() =>
        (await ReadStoredAsync<T>(grain)).State ?? new T();

    public Task WriteStoredAsync<T>(IAddressable grain, GrainState<T> state) =>
        Storage.WriteStateAsync(EcosystemGrainTypes.StateName, grain.GetGrainId(), state);

    /// <summary>The grain's writes as the storage saw them (the shared cluster only, whose default storage is watched).</summary>
    public GrainWrites WritesOf(IAddressable grain) =>
        (Storage as WatchedGrainStorage ?? throw new InvalidOperationException("This cluster's storage is not watched.")).WritesOf(grain.GetGrainId());

    public bool IsActive(IAddressable grain) => Cluster.TryGetGrainContext(grain.GetGrainId(), out _);
}

/// <summary>Every test class that needs grains shares one cluster: a cold start costs about 2 s.</summary>
[CollectionDefinition(Name)]
public sealed class EcosystemCollection : ICollectionFixture<EcosystemCluster>
{
    public const string Name = "Ecosystem cluster";
}
