using System.Text.RegularExpressions;
using AIoT.Host.Hosting;
using AIoT.Host.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace AIoT.Host.Tests.Deploy;

/// <summary>
/// deploy/kubernetes, checked the way kubectl and the cluster would find its mistakes late: a Service that selects no
/// pod or targets a port no container has, a Secret or account that does not exist, an option the host refuses.
/// </summary>
public sealed partial class KubernetesManifestsTests
{
    private readonly KubernetesManifests _manifests = KubernetesManifests.Load();

    [Fact]
    public void Kustomization_lists_every_manifest_in_the_folder_and_only_files_that_exist()
    {
        var folder = RepositoryFiles.PathOf(KubernetesManifests.Folder);
        var manifests = Directory.EnumerateFiles(folder, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order();
        Assert.Equal(manifests, _manifests.Resources.Order());
    }

    [Fact]
    public void Every_document_has_an_api_version_a_kind_and_a_name_in_the_aiot_namespace()
    {
        Assert.NotEmpty(_manifests.Documents);
        foreach (var (file, document) in _manifests.Documents)
        {
            var kind = document.Text("kind");
            Assert.False(string.IsNullOrEmpty(document.Text("apiVersion")), $"{file}: a document without apiVersion");
            Assert.False(string.IsNullOrEmpty(kind), $"{file}: a document without kind");
            Assert.False(string.IsNullOrEmpty(KubernetesManifests.Name(document)), $"{file}: a {kind} without metadata.name");
            if (kind != "Namespace")
            {
                Assert.True(document.Map("metadata")!.Text("namespace") == "aiot", $"{file}: {kind} {KubernetesManifests.Name(document)} is not in the aiot namespace");
            }
        }

        Assert.Single(_manifests.OfKind("Namespace"), n => KubernetesManifests.Name(n) == "aiot");
    }

    [Fact]
    public void Every_selector_matches_the_labels_of_a_pod_template()
    {
        var templates = _manifests.PodTemplates().ToList();
        Assert.NotEmpty(templates);
        foreach (var service in _manifests.OfKind("Service"))
        {
            var selector = service.Path("spec.selector").Strings();
            Assert.True(templates.Any(t => KubernetesManifests.Selects(selector, t.Labels)), $"Service {KubernetesManifests.Name(service)} selects no pod template");
        }

        foreach (var budget in _manifests.OfKind("PodDisruptionBudget"))
        {
            var selector = budget.Path("spec.selector.matchLabels").Strings();
            Assert.True(templates.Any(t => KubernetesManifests.Selects(selector, t.Labels)), $"PodDisruptionBudget {KubernetesManifests.Name(budget)} selects no pod template");
        }

        foreach (var set in _manifests.OfKind("StatefulSet"))
        {
            var name = KubernetesManifests.Name(set);
            var selector = set.Path("spec.selector.matchLabels").Strings();
            Assert.True(KubernetesManifests.Selects(selector, set.Path("spec.template.metadata.labels").Strings()), $"StatefulSet {name}'s selector does not match its own pods");
            // A StatefulSet's pods get their DNS names from the Service it names.
            _manifests.Named("Service", set.Path("spec")!.Text("serviceName")!);
        }
    }

    [Fact]
    public void Every_port_a_service_targets_is_a_port_of_the_containers_it_selects()
    {
        foreach (var service in _manifests.OfKind("Service"))
        {
            var selector = service.Path("spec.selector").Strings();
            var ports = _manifests.PodTemplates()
                .Where(t => KubernetesManifests.Selects(selector, t.Labels))
                .SelectMany(t => KubernetesManifests.Containers(t.Spec))
                .SelectMany(c => c.Maps("ports"))
                .SelectMany(p => new[] { p.Text("name"), p.Text("containerPort") })
                .ToHashSet();
            foreach (var port in service.Path("spec")!.Maps("ports"))
            {
                var target = port.Text("targetPort") ?? port.Text("port");
                Assert.True(ports.Contains(target), $"Service {KubernetesManifests.Name(service)} targets port {target}, which none of its pods' containers has");
            }
        }
    }

    [Fact]
    public void Probes_use_ports_the_container_has_and_a_path_that_needs_no_token()
    {
        foreach (var (workload, _, spec) in _manifests.PodTemplates())
        {
            foreach (var container in KubernetesManifests.Containers(spec))
            {
                var ports = container.Maps("ports").SelectMany(p => new[] { p.Text("name"), p.Text("containerPort") }).ToHashSet();
                foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" }.Select(container.Map).OfType<YamlMappingNode>())
                {
                    if ((probe.Map("httpGet") ?? probe.Map("tcpSocket")) is { } check)
                    {
                        Assert.True(ports.Contains(check.Text("port")), $"{workload}/{container.Text("name")}: a probe on port {check.Text("port")}, which the container does not have");
                    }

                    // The host's API token guards these; the kubelet sends none.
                    var path = probe.Map("httpGet")?.Text("path") ?? "/";
                    Assert.False(new[] { "/api", "/dashboard", "/metrics" }.Any(p => path.StartsWith(p, StringComparison.Ordinal)), $"{workload}: a probe on {path}, which answers 401 without the API token");
                }
            }
        }

        var silo = Silo();
        Assert.NotNull(silo.Map("readinessProbe"));
        Assert.NotNull(silo.Map("livenessProbe"));
    }

    [Fact]
    public void Every_secret_and_account_the_manifests_refer_to_exists()
    {
        foreach (var (workload, _, spec) in _manifests.PodTemplates())
        {
            foreach (var reference in KubernetesManifests.Containers(spec).SelectMany(c => c.Maps("env")).Select(e => e.Path("valueFrom.secretKeyRef")).OfType<YamlMappingNode>())
            {
                var secret = _manifests.Named("Secret", reference.Text("name")!);
                Assert.True(SecretKeys(secret).Contains(reference.Text("key")!), $"{workload} reads key {reference.Text("key")} of Secret {reference.Text("name")}, which does not have it");
            }

            foreach (var volume in spec.Maps("volumes").Select(v => v.Map("secret")).OfType<YamlMappingNode>())
            {
                _manifests.Named("Secret", volume.Text("secretName")!);
            }

            if (spec.Text("serviceAccountName") is { } account)
            {
                _manifests.Named("ServiceAccount", account);
            }
        }

        foreach (var binding in _manifests.OfKind("RoleBinding"))
        {
            _manifests.Named(binding.Map("roleRef")!.Text("kind")!, binding.Map("roleRef")!.Text("name")!);
            foreach (var subject in binding.Maps("subjects"))
            {
                _manifests.Named(subject.Text("kind")!, subject.Text("name")!);
            }
        }
    }

    [Fact]
    public void The_silo_container_passes_only_options_the_host_accepts()
    {
        var arguments = Silo().Scalars("args");
        Assert.Contains("--advertise", arguments);
        Assert.Equal([], HostArguments.Errors(arguments));

        // And the host starts with them: the pod's IP and the secrets' values in place, AIOT_CLUSTER a URL it reads.
        var environment = new Dictionary<string, string> { ["POD_IP"] = "10.1.2.3", ["POSTGRES_PASSWORD"] = "0123abcd", ["AIOT_API_TOKEN"] = "token" };
        foreach (var variable in Silo().Maps("env").Where(e => e.Text("value") is not null))
        {
            environment[variable.Text("name")!] = variable.Text("value")!;
        }

        Assert.Null(HostArguments.SettingsError(arguments, environment));
    }

    [Fact]
    public void The_options_check_refuses_an_option_the_host_does_not_have()
    {
        // So the test above can fail: a misspelt option or a value of the wrong type is an error.
        Assert.NotEmpty(HostArguments.Errors(["--silo-prot", "11111"]));
        Assert.NotEmpty(HostArguments.Errors(["--silo-port", "any"]));
    }

    [Fact]
    public void Every_variable_the_silo_container_expands_is_defined_before_it()
    {
        var silo = Silo();
        var defined = new HashSet<string>();
        foreach (var variable in silo.Maps("env"))
        {
            foreach (var used in References(variable.Text("value") ?? ""))
            {
                Assert.True(defined.Contains(used), $"env {variable.Text("name")} uses $({used}), which is not defined above it (Kubernetes would pass it as it is)");
            }

            defined.Add(variable.Text("name")!);
        }

        foreach (var used in silo.Scalars("args").SelectMany(References))
        {
            Assert.True(defined.Contains(used), $"args use $({used}), which the container's env does not define");
        }

        Assert.StartsWith("postgres://", silo.Maps("env").Single(e => e.Text("name") == "AIOT_CLUSTER").Text("value"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_silo_pods_give_orleans_kubernetes_hosting_what_it_reads()
    {
        var (_, labels, spec) = _manifests.PodTemplates().Single(t => t.Workload == "aiot");
        var env = Silo().Maps("env").ToDictionary(e => e.Text("name")!);
        Assert.Equal("metadata.name", env["POD_NAME"].Path("valueFrom.fieldRef")!.Text("fieldPath"));
        Assert.Equal("metadata.namespace", env["POD_NAMESPACE"].Path("valueFrom.fieldRef")!.Text("fieldPath"));
        Assert.Equal("status.podIP", env["POD_IP"].Path("valueFrom.fieldRef")!.Text("fieldPath"));
        // The ids the host sets itself, on the pods' labels too: the hosting package lists the cluster's pods by them.
        Assert.Equal(SiloConfiguration.ServiceId, env["ORLEANS_SERVICE_ID"].Text("value"));
        Assert.Equal(SiloConfiguration.ClusterId, env["ORLEANS_CLUSTER_ID"].Text("value"));
        Assert.Equal(SiloConfiguration.ServiceId, labels["orleans/serviceId"]);
        Assert.Equal(SiloConfiguration.ClusterId, labels["orleans/clusterId"]);
        Assert.True(KubernetesHosting.InPod(name => env.ContainsKey(name) ? "set" : null));

        // What the package does with the API: read and label its pod, list and watch the cluster's pods.
        var role = _manifests.Named("Role", "aiot-silo");
        var pods = role.Maps("rules").Single(r => r.Scalars("resources").Contains("pods"));
        Assert.Equal(["get", "list", "patch", "watch"], pods.Scalars("verbs").Order());
        Assert.Equal(KubernetesManifests.Name(role), _manifests.OfKind("RoleBinding").Single().Map("roleRef")!.Text("name"));
        Assert.Equal("aiot", spec.Text("serviceAccountName"));
    }

    [Fact]
    public void A_stopping_silo_has_the_time_to_write_its_grains_state()
    {
        var (_, _, spec) = _manifests.PodTemplates().Single(t => t.Workload == "aiot");
        var grace = int.Parse(spec.Text("terminationGracePeriodSeconds")!);
        var preStop = Silo().Path("lifecycle.preStop.exec") is { } exec ? int.Parse(exec.Scalars("command").Last()) : 0;
        // Kubernetes sends SIGTERM after preStop, which the host takes as Ctrl-C, and kills the pod at the end of the grace period.
        Assert.True(grace > preStop + AiotHost.ShutdownTimeout.TotalSeconds, $"terminationGracePeriodSeconds {grace} leaves the host less than its {AiotHost.ShutdownTimeout.TotalSeconds} s shutdown after a {preStop} s preStop");
        Assert.NotNull(Silo().Path("resources.requests"));
    }

    [Fact]
    public void Devices_reach_the_silos_through_a_load_balancer_on_mqtt_ports()
    {
        var mqtt = _manifests.Named("Service", "aiot-mqtt");
        Assert.Equal("LoadBalancer", mqtt.Path("spec")!.Text("type"));
        Assert.Equal(["1883", "8883"], mqtt.Path("spec")!.Maps("ports").Select(p => p.Text("port")!).Order());
        var arguments = Silo().Scalars("args");
        Assert.Equal("0.0.0.0:1883", arguments[arguments.ToList().IndexOf("--mqtt") + 1]);
        Assert.Equal("0.0.0.0:8883", arguments[arguments.ToList().IndexOf("--mqtts") + 1]);
        Assert.Equal("None", _manifests.Named("Service", "aiot-silo").Path("spec")!.Text("clusterIP"));
    }

    [Fact]
    public void The_image_exposes_every_port_of_the_silo_container_and_runs_aiot_dll()
    {
        var dockerfile = File.ReadAllLines(RepositoryFiles.PathOf("deploy/docker/Dockerfile"));
        var exposed = dockerfile.Where(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal)).SelectMany(l => l.Split(' ').Skip(1)).ToHashSet();
        Assert.Equal(Silo().Maps("ports").Select(p => p.Text("containerPort")!).Order(), exposed.Order());
        // The manifest passes only the arguments: the image's entrypoint is the host.
        Assert.Null(Silo().Find("command"));
        Assert.Contains(dockerfile, l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal) && l.Contains("aiot.dll", StringComparison.Ordinal));
    }

    private YamlMappingNode Silo() =>
        _manifests.PodTemplates().Single(t => t.Workload == "aiot").Spec.Maps("containers").Single(c => c.Text("name") == "aiot");

    private static HashSet<string> SecretKeys(YamlMappingNode secret) =>
        [.. secret.Map("stringData").Strings().Keys, .. secret.Map("data").Strings().Keys];

    private static IEnumerable<string> References(string value) => Reference().Matches(value).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
