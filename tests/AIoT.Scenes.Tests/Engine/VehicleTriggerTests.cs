using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;
using AIoT.Scenes.Tests.Support;

namespace AIoT.Scenes.Tests.Engine;

/// <summary>A vehicle crossing a circle around home: the right vehicle, edge and radius.</summary>
public sealed class VehicleTriggerTests
{
    private static readonly DateTimeOffset T0 = TestScenes.Monday10;

    [Fact]
    public void A_vehicle_trigger_fires_on_its_vehicle_edge_and_radius_only()
    {
        var engine = new SceneEngine(SceneClock.Beijing);
        engine.Load([TestScenes.Make("nearly-home", new VehicleTrigger("su7", GeofenceEdge.Arriving, 2))], T0);

        List<string> Fired(string vehicle, GeofenceEdge edge, double radius) =>
            [.. engine.OnGeofence(vehicle, edge, radius, SceneChain.Empty, T0).Select(c => c.Scene.Id)];

        Assert.Equal(["nearly-home"], Fired("su7", GeofenceEdge.Arriving, 2));
        Assert.Equal(["nearly-home"], Fired("su7", GeofenceEdge.Arriving, 2.0004));
        Assert.Empty(Fired("su7", GeofenceEdge.Leaving, 2));
        Assert.Empty(Fired("su7", GeofenceEdge.Arriving, 5));
        Assert.Empty(Fired("su7", GeofenceEdge.Arriving, 2.01));
        Assert.Empty(Fired("other-car", GeofenceEdge.Arriving, 2));
    }

    [Fact]
    public void The_index_lists_the_radii_each_vehicle_needs_watched()
    {
        var engine = new SceneEngine(SceneClock.Beijing);
        engine.Load(
            [
                TestScenes.Make("near", new VehicleTrigger("su7", GeofenceEdge.Arriving, 2)),
                TestScenes.Make("left", new VehicleTrigger("su7", GeofenceEdge.Leaving, 2)),
                TestScenes.Make("far", new VehicleTrigger("su7", GeofenceEdge.Leaving, 50)),
            ],
            T0);

        var radii = Assert.Single(engine.Index.GeofenceRadii());

        Assert.Equal("su7", radii.Key);
        Assert.Equal([2.0, 50.0], radii.Value.Order());
    }
}
