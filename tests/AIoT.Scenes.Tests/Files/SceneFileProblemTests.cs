using AIoT.Scenes.Files;
using static AIoT.Scenes.Tests.Files.SceneFiles;

namespace AIoT.Scenes.Tests.Files;

/// <summary>A broken scene file is refused whole, with every problem at its line, naming the field, the reason and the fix.</summary>
public sealed class SceneFileProblemTests
{
    private const string Good = """
        id: s1
        name: S
        triggers:
          - type: property
            device: d1
            property: environment.temperature
            above: 30
        actions:
          - type: notify
            message: hot
        """;

    [Fact]
    public void A_yaml_syntax_error_gives_the_line_and_yamldotnets_message()
    {
        var problem = Assert.Single(Problems("id: s1\nname: S\ntriggers: [mode, time\n"));

        Assert.Equal(4, problem.Line);
        Assert.Equal("file", problem.Path);
        Assert.StartsWith("not valid YAML or JSON: While parsing a flow sequence, did not find expected ',' or ']'", problem.Message);
    }

    [Fact]
    public void A_flow_list_left_open_before_the_next_key_is_a_problem_not_a_crash()
    {
        var problem = Assert.Single(Problems("id: s1\nname: S\ntriggers: [{ type: mode, to: armed }\nactions: []\n"));

        Assert.Equal(3, problem.Line);
        Assert.Equal("not valid YAML or JSON after this point: look for an unclosed [ or {, or a missing quote.", problem.Message);
    }

    [Fact]
    public void A_json_syntax_error_gives_the_line()
    {
        var problem = Assert.Single(Problems("{\n  \"id\": \"s1\",\n  \"name\": \"S\"\n  \"triggers\": []\n}\n"));

        Assert.Equal(4, problem.Line);
        Assert.Contains("not valid YAML or JSON", problem.Message);
    }

    [Fact]
    public void A_key_written_twice_is_refused_at_the_second()
    {
        var problem = Assert.Single(Problems("id: s1\nname: S\nid: s2\n"));

        Assert.Equal(3, problem.Line);
        Assert.Contains("Duplicate key id", problem.Message);
        Assert.Contains("once", problem.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("# just a comment\n")]
    [InlineData("---\n")]
    public void An_empty_file_is_refused_saying_what_to_write(string text)
    {
        var problem = Assert.Single(Problems(text));

        Assert.Equal(1, problem.Line);
        Assert.Equal("line 1, file: the file is empty: write one scene (id, name, triggers, actions) or scenes: with a list of them.", problem.ToString());
    }

    [Fact]
    public void An_unknown_key_names_the_accepted_keys_and_the_near_miss()
    {
        var problem = ProblemAt(Good.Replace("above: 30", "abvoe: 30"), "triggers[0].abvoe");

        Assert.Equal(7, problem.Line);
        Assert.Equal(5, problem.Column);
        Assert.Equal(
            "unknown key 'abvoe' in a property trigger. Did you mean 'above'? Accepted keys: type, device, property, from, to, above, below, for.",
            problem.Message);
    }

    [Fact]
    public void An_unknown_key_of_the_scene_gets_a_case_slip_suggestion()
    {
        var problem = ProblemAt(Good + "\ncoolDown: 5m\n", "coolDown");

        Assert.Equal(11, problem.Line);
        Assert.Contains("Did you mean 'cooldown'?", problem.Message);
        Assert.Contains("Accepted keys: id, name, triggers, actions, description, enabled, cooldown, debounce, limit, template, conditions, $schema.", problem.Message);
    }

    [Fact]
    public void An_unknown_type_names_the_types()
    {
        var problem = ProblemAt(Good.Replace("type: property", "type: proprety"), "triggers[0].type");

        Assert.Equal(4, problem.Line);
        Assert.Equal("unknown trigger type 'proprety'. Did you mean 'property'? Types: property, event, vehicle, person, mode, time, schedule.", problem.Message);
    }

    [Fact]
    public void A_wrong_type_of_value_says_what_was_expected_and_what_came()
    {
        Assert.Equal("line 7, triggers[0].above: expected a number, got 'hot'.", ProblemAt(Good.Replace("above: 30", "above: hot"), "triggers[0].above").ToString());
        Assert.Equal(
            "line 7, triggers[0].above: expected a number, got the text \"30\": remove the quotes.",
            ProblemAt(Good.Replace("above: 30", "above: \"30\""), "triggers[0].above").ToString());
        Assert.Equal(
            "line 3, triggers: expected a list of triggers, got a mapping (keys and values).",
            ProblemAt("id: s1\nname: S\ntriggers: { type: mode }\nactions: [{ type: notify, message: m }]\n", "triggers").ToString());
        Assert.Equal(
            "line 3, enabled: expected true or false, got 'yes': write true or false (YAML tools disagree on yes).",
            ProblemAt(Good.Replace("name: S", "name: S\nenabled: yes"), "enabled").ToString());
    }

    [Fact]
    public void A_bare_yes_or_on_as_a_value_is_refused_as_ambiguous()
    {
        var problem = ProblemAt(Good.Replace("above: 30", "to: on"), "triggers[0].to");

        Assert.Equal(7, problem.Line);
        Assert.Contains("write true or false, or \"on\" in quotes for text", problem.Message);
    }

    [Fact]
    public void A_missing_field_says_which_and_what_the_step_needs()
    {
        var problem = ProblemAt(Good.Replace("    device: d1\n", ""), "triggers[0].device");

        Assert.Equal(4, problem.Line);
        Assert.Equal("missing 'device': a property trigger needs device and property.", problem.Message);
    }

    [Fact]
    public void A_missing_type_lists_the_types()
    {
        var problem = ProblemAt(Good.Replace("  - type: notify\n    message: hot", "  - message: hot"), "actions[0].type");

        Assert.Equal(9, problem.Line);
        Assert.Equal("missing 'type': every action needs one: set, invoke, mode, notify, delay, scene.", problem.Message);
    }

    [Fact]
    public void A_scene_without_id_name_triggers_or_actions_names_each()
    {
        var problems = Problems("description: nothing else\n");

        Assert.Equal(["id", "name", "triggers", "actions"], problems.Select(p => p.Path));
        Assert.All(problems, p => Assert.Equal(1, p.Line));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("5 minutes")]
    [InlineData("5x")]
    public void A_bad_duration_says_how_to_write_one(string duration)
    {
        var problem = ProblemAt(Good.Replace("name: S", $"name: S\ncooldown: {duration}"), "cooldown");

        Assert.Equal(3, problem.Line);
        Assert.Equal($"expected a duration such as 90s, 5m or 1h30m, got '{duration}'.", problem.Message);
    }

    [Theory]
    [InlineData("99999999999d")]
    [InlineData("1e300")]
    [InlineData("sunset+99999999999d")]
    public void A_duration_too_long_for_any_clock_is_a_problem_not_an_overflow(string duration)
    {
        var problems = Problems(Good.Replace("name: S", $"name: S\ncooldown: {duration}\ndebounce: {duration}"));

        Assert.Equal(["cooldown", "debounce"], problems.Select(p => p.Path));
    }

    [Fact]
    public void A_negative_duration_is_refused()
    {
        Assert.Contains("negative", ProblemAt(Good.Replace("above: 30", "above: 30\n    for: -5"), "triggers[0].for").Message);
    }

    [Theory]
    [InlineData("\"25:00\"")]
    [InlineData("\"7.30\"")]
    [InlineData("noon")]
    [InlineData("sunset-")]
    [InlineData("sunset+later")]
    [InlineData("sundown")]
    public void A_bad_time_says_how_to_write_one(string at)
    {
        var problem = ProblemAt(Good.Replace("  - type: property\n    device: d1\n    property: environment.temperature\n    above: 30", $"  - type: time\n    at: {at}"), "triggers[0].at");

        Assert.Equal(5, problem.Line);
        Assert.Contains("expected a time of day", problem.Message);
        Assert.Contains("give a time as \"07:30\", sunrise or sunset, with an optional offset such as sunset-30m or sunrise+15m", problem.Message);
    }

    [Fact]
    public void A_bad_day_in_a_list_is_named_with_a_suggestion()
    {
        var text = Good.Replace("  - type: property\n    device: d1\n    property: environment.temperature\n    above: 30", "  - type: time\n    at: \"07:00\"\n    days:\n      - mon\n      - tues\n      - funday");
        var problems = Problems(text);

        Assert.Equal(["triggers[0].days[1]", "triggers[0].days[2]"], problems.Select(p => p.Path));
        Assert.Equal(8, problems[0].Line);
        Assert.Contains("Did you mean 'tue'?", problems[0].Message);
        Assert.Equal(9, problems[1].Line);
    }

    [Fact]
    public void A_bad_day_word_is_refused_with_the_accepted_words()
    {
        var problem = ProblemAt(Good.Replace("  - type: property\n    device: d1\n    property: environment.temperature\n    above: 30", "  - type: schedule\n    every: 15m\n    days: weekdayz"), "triggers[0].days");

        Assert.Equal(6, problem.Line);
        Assert.Equal("'weekdayz' is not a day. Did you mean 'weekdays'? Give weekdays, weekend, every day, or a list of mon, tue, wed, thu, fri, sat, sun.", problem.Message);
    }

    [Fact]
    public void Two_comparisons_in_one_property_condition_are_refused_at_the_second()
    {
        var text = Good.Replace("actions:", "conditions:\n  - type: property\n    device: d1\n    property: environment.temperature\n    above: 20\n    below: 30\nactions:");
        var problem = ProblemAt(text, "conditions[0].below");

        Assert.Equal(13, problem.Line);
        Assert.Equal("a property condition makes one comparison, this one has above, below: keep one; for a range, put two property conditions in the list.", problem.Message);
    }

    [Fact]
    public void A_property_condition_without_a_comparison_lists_them()
    {
        var text = Good.Replace("actions:", "conditions:\n  - type: property\n    device: d1\n    property: light.on\nactions:");

        Assert.Equal(
            "line 9, conditions[0]: a property condition needs one comparison: equals, notEquals, above, below, atLeast, atMost.",
            ProblemAt(text, "conditions[0]").ToString());
    }

    [Fact]
    public void Every_problem_in_the_file_is_reported_not_only_the_first()
    {
        var problems = Problems("""
            id: "bad id!"
            name: S
            cooldown: soon
            triggers:
              - type: property
                device: d1
                above: hot
              - type: vehicle
                vehicle: su7
                geofence: arrving
                radiusKm: 2
            actions:
              - type: delay
                for: never
              - type: teleport
            """);

        Assert.Equal(
            ["id", "cooldown", "triggers[0].property", "triggers[0].above", "triggers[1].geofence", "actions[0].for", "actions[1].type"],
            problems.Select(p => p.Path).OrderBy(p => problems.First(q => q.Path == p).Line));
        Assert.Equal([1, 3, 5, 7, 10, 14, 15], problems.Select(p => p.Line!.Value).Order());
        Assert.Contains("Did you mean 'arriving'?", problems.Single(p => p.Path == "triggers[1].geofence").Message);
    }

    [Fact]
    public void Two_scenes_with_one_id_are_refused_at_the_second()
    {
        var problem = ProblemAt("""
            scenes:
              - id: s1
                name: A
                triggers: [{ type: mode, to: armed }]
                actions: [{ type: notify, message: a }]
              - id: s1
                name: B
                triggers: [{ type: mode, to: armed }]
                actions: [{ type: notify, message: b }]
            """, "scenes[1].id");

        Assert.Equal(6, problem.Line);
        Assert.Contains("also the id of scenes[0]", problem.Message);
    }

    [Fact]
    public void Keys_beside_scenes_are_refused()
    {
        var problem = ProblemAt("scenes: []\nid: x\n", "id");

        Assert.Equal(2, problem.Line);
        Assert.Contains("Accepted keys: scenes, $schema.", problem.Message);
    }

    [Fact]
    public void Aliases_and_second_documents_are_refused()
    {
        Assert.Contains("aliases (*dev) are not read", Assert.Single(Problems(Good.Replace("device: d1", "device: &dev d1\n    property2: *dev"))).Message);
        Assert.Equal(11, Assert.Single(Problems(Good + "\n---\n" + Good)).Line);
    }

    [Fact]
    public void Nesting_past_the_limit_is_refused_before_loading()
    {
        var deep = "id: " + new string('[', 200) + new string(']', 200) + "\n";

        Assert.Contains($"deeper than {SceneFileReader.MaxNesting}", Assert.Single(Problems(deep)).Message);
    }

    [Fact]
    public void An_oversized_file_is_refused_unread()
    {
        var problem = Assert.Single(Problems(Good + "\n#" + new string('x', SceneFileReader.MaxFileChars)));

        Assert.Equal(1, problem.Line);
        Assert.Contains("at most", problem.Message);
    }
}
