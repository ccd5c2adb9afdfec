using System.Text.Json;

namespace AIoT.Host.Tests.Support;

/// <summary>Reads a server-sent event stream as a browser's EventSource does, and waits for the event a test expects.</summary>
internal sealed class ServerSentEvents : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private ServerSentEvents(HttpResponseMessage response, Stream stream) => (_response, _reader) = (response, new StreamReader(stream));

    public static async Task<ServerSentEvents> OpenAsync(HttpClient http, string path)
    {
        var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new ServerSentEvents(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The first event of the type whose data satisfies <paramref name="match"/>; fails the test after <see cref="Timeout"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string type, Func<JsonElement, bool> match, string what)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        JsonElement? last = null;
        try
        {
            while (true)
            {
                var (eventType, data) = await NextAsync(timeout.Token);
                if (eventType == type)
                {
                    last = data;
                    if (match(data))
                    {
                        return data;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Waited {Timeout.TotalSeconds:0} s for {what}; the last '{type}' event was {last?.ToString() ?? "none"}.");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }

    private async Task<(string Type, JsonElement Data)> NextAsync(CancellationToken cancellationToken)
    {
        string type = "message", data = "";
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return (type, JsonDocument.Parse(data).RootElement.Clone());
                }

                continue;
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data += line["data: ".Length..];
            }
        }
    }
}
