using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AIoT.Scenes.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AIoT.Scenes.Files;

/// <summary>
/// Writes scenes in the file format <see cref="SceneFileReader"/> reads, as YAML or JSON; reading the output gives the
/// same scenes. Defaults (enabled, no cooldown, the default limit, every day) are left out.
/// </summary>
public static class SceneFileWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(SceneDefinition scene, SceneFileFormat format) => Print(SceneFileDocument.Of(scene), format);

    /// <summary>Several scenes in one file, under <c>scenes:</c>.</summary>
    public static string Write(IEnumerable<SceneDefinition> scenes, SceneFileFormat format) =>
        Print(new JsonObject { ["scenes"] = new JsonArray([.. scenes.Select(SceneFileDocument.Of)]) }, format);

    public static string ToYaml(SceneDefinition scene) => Write(scene, SceneFileFormat.Yaml);

    public static string ToJson(SceneDefinition scene) => Write(scene, SceneFileFormat.Json);

    private static string Print(JsonObject document, SceneFileFormat format)
    {
        if (format == SceneFileFormat.Json)
        {
            return document.ToJsonString(JsonOptions) + "\n";
        }

        var text = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(text, EmitterSettings.Default.WithBestWidth(int.MaxValue).WithIndentedSequences().WithNewLine("\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, document);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, map.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in map)
                {
                    EmitText(emitter, key);
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray list:
                var flow = list.All(item => item is JsonValue);
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, flow ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in list)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                EmitText(emitter, value.GetValue<string>());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                EmitPlain(emitter, value.ToJsonString());
                break;
            case JsonValue value:
                EmitPlain(emitter, value.GetValueKind() == JsonValueKind.True ? "true" : "false");
                break;
            default:
                EmitPlain(emitter, "null");
                break;
        }
    }

    private static void EmitText(IEmitter emitter, string text)
    {
        var style = text.Contains('\n') ? ScalarStyle.Literal : FileScalars.NeedsQuotes(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, style, true, true));
    }

    private static void EmitPlain(IEmitter emitter, string text) =>
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, true, false));
}
