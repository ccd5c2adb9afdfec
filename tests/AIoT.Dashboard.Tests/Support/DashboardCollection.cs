namespace AIoT.Dashboard.Tests.Support;

/// <summary>All browser tests share one host and one chromium, and so run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
