using AIoT.Ecosystem.Catalog;
using AIoT.Ecosystem.Catalog.Docs;

namespace AIoT.Ecosystem.Tests.Catalog;

public sealed class DevicesDocumentTests
{
    [Fact]
    public void Docs_devices_md_matches_the_catalog()
    {
        var path = Path.Combine(RepositoryRoot(), DeviceCatalogMarkdown.RelativePath);
        var rendered = DeviceCatalogMarkdown.Render(DeviceCatalog.Default);
        if (Environment.GetEnvironmentVariable("AIOT_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, rendered);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run `dotnet run --project src/AIoT.Host -- catalog docs`.");
        Assert.True(
            File.ReadAllText(path) == rendered,
            $"{DeviceCatalogMarkdown.RelativePath} is stale: run `dotnet run --project src/AIoT.Host -- catalog docs` (or the tests with AIOT_UPDATE_DOCS=1).");
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AIoT.Ecosystem.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AIoT.Ecosystem.sln not found above the test folder.");
    }
}
