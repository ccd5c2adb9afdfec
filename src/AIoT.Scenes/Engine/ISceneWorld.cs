using AIoT.Scenes.Model;
using AIoT.Scenes.Time;

namespace AIoT.Scenes.Engine;

/// <summary>What conditions read: the household's view of its devices, people, vehicles, mode and time.</summary>
public interface ISceneWorld
{
    bool TryGetProperty(string deviceId, string key, out SceneValue value);

    string Mode { get; }

    IReadOnlyCollection<string> Members { get; }

    Whereabouts? WhereIs(string personId);

    SceneVehicle? FindVehicle(string vehicleId);

    SceneClock Clock { get; }
}

/// <summary>A vehicle as conditions see it.</summary>
public sealed record SceneVehicle(bool Charging, bool Locked, bool Driving, double? DistanceToHomeKm, double ChargePercent);

/// <summary>Something a condition needed that the world did not know yet; the household fetches it and asks again.</summary>
public abstract record SceneNeed;

public sealed record PropertyNeed(string DeviceId, string Key) : SceneNeed;

public sealed record PersonNeed(string PersonId) : SceneNeed;

public sealed record VehicleNeed(string VehicleId) : SceneNeed;
