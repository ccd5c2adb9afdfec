using System.Text.Json.Serialization;

namespace AIoT.Scenes.Model;

/// <summary>One step of a scene; steps run in order, each with a result.</summary>
// Kept as JSON by the grain storage: without a discriminator each would be written as {} and could not be read back.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SetAction), "set")]
[JsonDerivedType(typeof(InvokeAction), "invoke")]
[JsonDerivedType(typeof(ModeAction), "mode")]
[JsonDerivedType(typeof(NotifyAction), "notify")]
[JsonDerivedType(typeof(DelayAction), "delay")]
[JsonDerivedType(typeof(RunSceneAction), "scene")]
[GenerateSerializer, Immutable]
public abstract record SceneAction;

/// <summary>Sets properties of one device, in one command.</summary>
[GenerateSerializer, Immutable]
public sealed record SetAction(string Device, IReadOnlyList<PropertySetting> Properties) : SceneAction;

[GenerateSerializer, Immutable]
public sealed record PropertySetting(string Property, SceneValue Value);

/// <summary>Invokes a MIoT action of a device.</summary>
[GenerateSerializer, Immutable]
public sealed record InvokeAction(string Device, string Action, IReadOnlyList<SceneValue> Inputs) : SceneAction;

/// <summary>Changes the household's mode (home, away, sleep, armed).</summary>
[GenerateSerializer, Immutable]
public sealed record ModeAction(string Mode) : SceneAction;

/// <summary>Tells the household's members (kept in the household's recent notifications).</summary>
[GenerateSerializer, Immutable]
public sealed record NotifyAction(string Message) : SceneAction;

/// <summary>Waits before the next step.</summary>
[GenerateSerializer, Immutable]
public sealed record DelayAction(TimeSpan Duration) : SceneAction;

/// <summary>Runs another scene of the household (its actions; its triggers and conditions are not checked).</summary>
[GenerateSerializer, Immutable]
public sealed record RunSceneAction(string Scene) : SceneAction;
