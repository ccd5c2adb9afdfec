using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;

namespace AIoT.Benchmarks.Sections;

/// <summary>
/// The device changes the scene benchmark sends, as a pure function of the call's number: call k goes to household
/// k mod N, to its sensor, purifier or plug in turn, and carries the next <c>batch</c> readings of that device (the
/// sensor's alternate temperature and humidity). One reading in a hundred of each key crosses its scene's threshold:
/// the temperature and power crossings fire a scene, the humidity and PM2.5 ones start a 'for' hold that the next
/// reading ends.
/// </summary>
internal sealed class SceneStream(int households, int batch, int scenesPerHousehold)
{
    public const int CrossingEvery = 100;

    // Devices report MIoT keys (siid.piid); the scenes name the same properties by alias.
    private const string TemperatureKey = "2.1";
    private const string HumidityKey = "2.2";
    private const string Pm25Key = "3.6";
    private const string PowerKey = "11.2";

    private readonly int[] _triggersPerChange = TriggersPerChange(scenesPerHousehold);

    public int Batch => batch;

    /// <summary>The call's household, device and changes, and how many triggers the household will test for them.</summary>
    public (string HouseholdId, string DeviceId, List<PropertyChange> Changes, int Evaluations) Call(long k)
    {
        var household = (int)(k % households);
        var device = (int)(k / households % SceneHome.StreamedDevices.Length);
        var round = k / households / SceneHome.StreamedDevices.Length;
        var changes = new List<PropertyChange>(batch);
        for (var i = 0; i < batch; i++)
        {
            var g = (round * batch) + i;
            changes.Add(device switch
            {
                0 when g % 2 == 0 => Change(TemperatureKey, g / 2, household, Temperature),
                0 => Change(HumidityKey, g / 2, household, Humidity),
                1 => Change(Pm25Key, g, household, Pm25),
                _ => Change(PowerKey, g, household, Power),
            });
        }

        return (SceneHome.HouseholdId(household), SceneHome.DeviceId(household, SceneHome.StreamedDevices[device]), changes, batch * _triggersPerChange[device]);
    }

    /// <summary>The n-th reading of a key; each household's readings are shifted, so that one in a hundred crosses however few rounds a run makes.</summary>
    private static PropertyChange Change(string key, long n, int household, Func<long, double> value)
    {
        var shifted = n + (household * 37L);
        return new(key, n == 0 ? null : SceneValue.Of(value(shifted - 1)), SceneValue.Of(value(shifted)));
    }

    private static double Temperature(long n) => n % CrossingEvery == 99 ? 31 : 22 + (n * 37 % 61 / 10.0);

    private static double Humidity(long n) => n % CrossingEvery == 49 ? 85 : 40 + (n * 29 % 301 / 10.0);

    private static double Pm25(long n) => n % CrossingEvery == 74 ? 90 : 10 + (n * 13 % 51);

    private static double Power(long n) => n % CrossingEvery == 24 ? 3000 : 50 + (n * 17 % 451);

    /// <summary>Property triggers per change of each streamed device's keys, counted in the home's scenes (the same for every key of a device).</summary>
    private static int[] TriggersPerChange(int scenes)
    {
        var triggers = SceneHome.Scenes(0, scenes).SelectMany(s => s.Triggers).OfType<PropertyTrigger>().ToList();
        return [.. SceneHome.StreamedDevices.Select(d => triggers.Count(t => t.Device == SceneHome.DeviceId(0, d) && t.Property == (d switch
        {
            "ht" => SceneHome.Temperature,
            "purifier" => SceneHome.Pm25,
            _ => SceneHome.Power,
        })))];
    }
}
