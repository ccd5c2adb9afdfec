namespace AIoT.Host.Web.Live;

/// <summary>One server-sent event: its type ("overview", "property", "online", "event", "firing", "skip", "vehicle", "people") and its JSON body.</summary>
internal sealed record LiveEvent(string Type, object Data);
