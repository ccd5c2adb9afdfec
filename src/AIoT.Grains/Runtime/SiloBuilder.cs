using System.Reflection;
using AIoT.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIoT.Grains.Runtime;

/// <summary>Configures a <see cref="Silo"/>: options, services grains may inject, storage providers, grain assemblies.</summary>
public sealed class SiloBuilder
{
    private readonly List<Assembly> _assemblies = [];

    public SiloBuilder(IServiceCollection? services = null)
    {
        Services = services ?? new ServiceCollection();
    }

    public IServiceCollection Services { get; }

    public SiloOptions Options { get; } = new();

    public SiloBuilder Configure(Action<SiloOptions> configure)
    {
        configure(Options);
        return this;
    }

    public SiloBuilder ConfigureServices(Action<IServiceCollection> configure)
    {
        configure(Services);
        return this;
    }

    public SiloBuilder UseTimeProvider(TimeProvider timeProvider)
    {
        Services.Replace(ServiceDescriptor.Singleton(timeProvider));
        return this;
    }

    /// <summary>Grain classes are found in the assemblies of the interfaces asked for; add others here.</summary>
    public SiloBuilder AddGrainAssembly(Assembly assembly)
    {
        _assemblies.Add(assembly);
        return this;
    }

    public SiloBuilder AddGrainStorage(string name, Func<IServiceProvider, IGrainStorage> factory)
    {
        Services.AddKeyedSingleton(name, (sp, _) => factory(sp));
        return this;
    }

    public SiloBuilder AddMemoryGrainStorage(string name = GrainStorageNames.Default) =>
        AddGrainStorage(name, sp => new MemoryGrainStorage(sp.GetService<GrainStateSerializer>() ?? GrainStateSerializer.Default));

    public Silo Build()
    {
        Options.Validate();
        GrainRuntime? runtime = null;
        Services.TryAddSingleton(TimeProvider.System);
        Services.TryAddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.TryAddSingleton(typeof(ILogger<>), typeof(Logger<>));
        Services.TryAddSingleton(GrainStateSerializer.Default);
        Services.AddSingleton<IGrainFactory>(_ => runtime ?? throw new InvalidOperationException("The silo is not built yet."));
        var provider = Services.BuildServiceProvider();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("AIoT.Grains");
        var classes = new GrainClassMap(_assemblies.Append(Assembly.GetEntryAssembly()).OfType<Assembly>().Distinct());
        runtime = new GrainRuntime(Options, provider, provider.GetRequiredService<TimeProvider>(), logger, classes);
        return new Silo(runtime, provider);
    }
}
