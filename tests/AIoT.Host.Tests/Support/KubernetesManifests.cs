using YamlDotNet.RepresentationModel;

namespace AIoT.Host.Tests.Support;

/// <summary>deploy/kubernetes: the manifests kustomization.yaml lists, each document with its file.</summary>
internal sealed class KubernetesManifests
{
    public const string Folder = "deploy/kubernetes";

    private static readonly HashSet<string> Workloads = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"];

    private KubernetesManifests(IReadOnlyList<string> resources, IReadOnlyList<(string File, YamlMappingNode Document)> documents)
    {
        Resources = resources;
        Documents = documents;
    }

    /// <summary>The files kustomization.yaml lists.</summary>
    public IReadOnlyList<string> Resources { get; }

    public IReadOnlyList<(string File, YamlMappingNode Document)> Documents { get; }

    public static KubernetesManifests Load()
    {
        var kustomization = YamlFiles.Documents($"{Folder}/kustomization.yaml").Single();
        var resources = kustomization.Scalars("resources");
        var documents = resources.SelectMany(file => YamlFiles.Documents($"{Folder}/{file}").Select(d => (file, d))).ToList();
        return new KubernetesManifests(resources, documents);
    }

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Documents.Select(d => d.Document).Where(d => d.Text("kind") == kind);

    public YamlMappingNode Named(string kind, string name) =>
        OfKind(kind).SingleOrDefault(d => Name(d) == name) ?? throw new Xunit.Sdk.XunitException($"no {kind} named {name} in {Folder}");

    /// <summary>The pod templates of the workloads: the workload's name, the pod's labels, its spec.</summary>
    public IEnumerable<(string Workload, IReadOnlyDictionary<string, string> Labels, YamlMappingNode Spec)> PodTemplates() =>
        Documents.Select(d => d.Document)
            .Where(d => Workloads.Contains(d.Text("kind") ?? ""))
            .Select(d => (Name(d), d.Path("spec.template.metadata.labels").Strings(), d.Path("spec.template.spec")!));

    public static string Name(YamlMappingNode document) => document.Map("metadata")?.Text("name") ?? "";

    public static IEnumerable<YamlMappingNode> Containers(YamlMappingNode podSpec) => podSpec.Maps("initContainers").Concat(podSpec.Maps("containers"));

    public static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);
}
