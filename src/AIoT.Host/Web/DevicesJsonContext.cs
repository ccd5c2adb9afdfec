using System.Text.Json;
using System.Text.Json.Serialization;

namespace AIoT.Host.Web;

/// <summary>Registration bodies read by generated code instead of reflection: a bulk one holds ten thousand devices.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BulkRegisterRequest))]
internal sealed partial class DevicesJsonContext : JsonSerializerContext;
