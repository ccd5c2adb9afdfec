using AIoT.Scenes.Model;

namespace AIoT.Scenes.Engine;

/// <summary>
/// Scenes as a household keeps them while it is active: every list an array of its own length, and the strings that
/// repeat shared (the household's device, person and vehicle ids with the household's own; MIoT keys and modes with
/// every household's). Read back from storage, each occurrence is a string of its own and each list has room to grow,
/// which doubles what a scene takes (see docs/performance.md, "Scene engine").
/// </summary>
public sealed class SceneCompactor
{
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    /// <param name="ids">The household's own ids (devices, members, vehicles), whose instances the scenes will share.</param>
    public SceneCompactor(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            _ids.TryAdd(id, id);
        }
    }

    public static List<SceneDefinition> Compact(IEnumerable<SceneDefinition> scenes, IEnumerable<string> ids)
    {
        var compactor = new SceneCompactor(ids);
        return [.. scenes.Select(compactor.Compact)];
    }

    public SceneDefinition Compact(SceneDefinition scene) => scene with
    {
        Triggers = Array(scene.Triggers, Trigger),
        Condition = scene.Condition is null ? null : Condition(scene.Condition),
        Actions = Array(scene.Actions, Action),
        Limit = scene.Limit == FiringLimit.Default ? FiringLimit.Default : scene.Limit,
        Template = Word(scene.Template),
    };

    /// <summary>
    /// What a household's engine keeps of a scene between edits: what evaluation and admission need. The name,
    /// description, template and actions stay in storage, read when the scene is listed, changed or fired.
    /// </summary>
    public static SceneDefinition ForEngine(SceneDefinition scene) =>
        scene with { Name = "", Description = null, Template = null, Actions = [] };

    private SceneTrigger Trigger(SceneTrigger trigger) => trigger switch
    {
        PropertyTrigger p => p with { Device = Id(p.Device), Property = Word(p.Property) },
        EventTrigger e => e with { Device = Id(e.Device), Event = Word(e.Event), Arguments = Array(e.Arguments, a => a with { Property = Word(a.Property) }) },
        VehicleTrigger v => v with { Vehicle = Id(v.Vehicle) },
        PresenceTrigger p => p with { Person = Id(p.Person) },
        ModeTrigger m => m with { From = Word(m.From), To = Word(m.To) },
        _ => trigger,
    };

    private SceneCondition Condition(SceneCondition condition) => condition switch
    {
        AllCondition all => all with { Conditions = Array(all.Conditions, Condition) },
        AnyCondition any => any with { Conditions = Array(any.Conditions, Condition) },
        NotCondition not => not with { Condition = Condition(not.Condition) },
        PropertyCondition p => p with { Device = Id(p.Device), Property = Word(p.Property) },
        ModeCondition m => m with { Modes = Array(m.Modes, Word) },
        PresenceCondition p => p with { Person = Id(p.Person) },
        VehicleCondition v => v with { Vehicle = Id(v.Vehicle) },
        _ => condition,
    };

    private SceneAction Action(SceneAction action) => action switch
    {
        SetAction s => s with { Device = Id(s.Device), Properties = Array(s.Properties, p => p with { Property = Word(p.Property) }) },
        InvokeAction i => i with { Device = Id(i.Device), Action = Word(i.Action), Inputs = Array(i.Inputs, v => v) },
        ModeAction m => m with { Mode = Word(m.Mode) },
        _ => action,
    };

    private string Id(string id)
    {
        if (_ids.TryGetValue(id, out var shared))
        {
            return shared;
        }

        _ids[id] = id;
        return id;
    }

    /// <summary>MIoT keys, modes and template ids: a vocabulary of a few hundred words that every household repeats.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(word))]
    private static string? Word(string? word) => word is null ? null : string.Intern(word);

    private static T[] Array<T>(IReadOnlyList<T> items, Func<T, T> compact)
    {
        if (items.Count == 0)
        {
            return [];
        }

        var array = new T[items.Count];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = compact(items[i]);
        }

        return array;
    }
}
