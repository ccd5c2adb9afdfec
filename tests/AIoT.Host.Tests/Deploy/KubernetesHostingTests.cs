using AIoT.Host.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace AIoT.Host.Tests.Deploy;

/// <summary>KubernetesHosting.Apply: Orleans' Kubernetes hosting in a pod (deploy/kubernetes), and nothing changed anywhere else.</summary>
public sealed class KubernetesHostingTests
{
    [Fact]
    public void Outside_a_pod_the_silo_is_left_as_it_is()
    {
        var silo = new SiloBuilder();
        KubernetesHosting.Apply(silo, _ => null);
        Assert.Empty(silo.Services);
    }

    [Fact]
    public void In_a_pod_the_silo_uses_orleans_kubernetes_hosting()
    {
        var pod = new Dictionary<string, string> { ["POD_NAME"] = "aiot-1", ["POD_NAMESPACE"] = "aiot", ["POD_IP"] = "10.1.2.3" };
        var silo = new SiloBuilder();
        KubernetesHosting.Apply(silo, name => pod.GetValueOrDefault(name));

        // The package reads the pod's variables itself, from the process environment, when the silo builds its options.
        Assert.Contains(silo.Services, d => d.ServiceType == typeof(IPostConfigureOptions<EndpointOptions>) && d.ImplementationType?.Namespace == "Orleans.Hosting.Kubernetes");
        Assert.Contains(silo.Services, d => d.ServiceType == typeof(IConfigureOptions<SiloOptions>) && d.ImplementationType?.Namespace == "Orleans.Hosting.Kubernetes");
    }

    [Fact]
    public void Only_a_pod_name_and_namespace_both_mean_a_pod()
    {
        Assert.False(KubernetesHosting.InPod(name => name == "POD_NAME" ? "aiot-0" : null));
        Assert.False(KubernetesHosting.InPod(name => name == "POD_NAMESPACE" ? "aiot" : null));
        Assert.True(KubernetesHosting.InPod(name => name is "POD_NAME" or "POD_NAMESPACE" ? "x" : null));
    }

    private sealed class SiloBuilder : ISiloBuilder
    {
        public IServiceCollection Services { get; } = new ServiceCollection();

        public IConfiguration Configuration { get; } = new ConfigurationBuilder().Build();
    }
}
