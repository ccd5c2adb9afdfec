using AIoT.Scenes.Files;
using AIoT.Scenes.Validation;

namespace AIoT.Scenes.Tests.Files;

/// <summary>Problems found when a read scene is checked against a household point at the file's lines too.</summary>
public sealed class SceneFileLocateTests
{
    private sealed class EmptyHousehold : ISceneVocabulary
    {
        public IReadOnlyCollection<string> DeviceIds => [];

        public IReadOnlyCollection<string> People => [];

        public IReadOnlyCollection<string> Vehicles => [];

        public IReadOnlyList<string> Modes => ["home", "away", "sleep", "armed"];

        public ISceneDevice? FindDevice(string deviceId) => null;

        public bool HasPerson(string personId) => false;

        public bool HasVehicle(string vehicleId) => false;
    }

    [Fact]
    public void A_validator_problem_gets_the_line_of_its_field()
    {
        var result = SceneFileReader.Read("""
            id: s1
            name: S
            triggers:
              - type: mode
                to: armed
              - type: property
                device: hh-0000000-d9
                property: environment.temperature
                above: 30
            actions:
              - type: mode
                mode: party
            """);

        var (_, problems) = SceneValidator.Validate(result.Scenes[0], new EmptyHousehold(), []);
        var located = problems.Select(p => result.Locate(0, p)).ToList();

        Assert.Equal(7, located.Single(p => p.Path == "triggers[1].device").Line);
        Assert.Equal(13, located.Single(p => p.Path == "triggers[1].device").Column);
        Assert.Equal(12, located.Single(p => p.Path == "actions[0].mode").Line);
    }

    [Fact]
    public void In_a_file_of_scenes_the_problem_is_placed_under_its_scene()
    {
        var result = SceneFileReader.Read("""
            scenes:
              - id: a
                name: A
                triggers: [{ type: mode, to: armed }]
                actions: [{ type: notify, message: m }]
              - id: b
                name: B
                triggers: [{ type: mode, to: armed }]
                actions:
                  - type: set
                    device: d1
                    properties:
                      light.on: false
            """);

        var placed = result.Locate(1, new SceneProblem("actions[0].properties.light.on", "no such property"));
        var enclosing = result.Locate(1, new SceneProblem("actions[0].delay", "written by the validator under another name"));

        Assert.Equal(("scenes[1].actions[0].properties.light.on", 13), (placed.Path, placed.Line!.Value));
        Assert.Equal(("scenes[1].actions[0].delay", 10), (enclosing.Path, enclosing.Line!.Value));
    }
}
