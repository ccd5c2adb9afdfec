using System.Text;
using AIoT.Scenes.Files;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AIoT.Host.Web;

/// <summary>A scene file sent as a request body: YAML or JSON text, read up to the reader's limit and no further.</summary>
internal static class SceneFileBody
{
    private static readonly string[] Accepted = ["application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"];

    /// <summary>The body's text, or the response refusing it: a content type that is not a scene file, or a body over the size limit.</summary>
    public static async Task<(string? Text, IResult? Refusal)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // No content type is taken as a file too: `curl --data-binary @scene.yaml` sends form encoding unless told otherwise, so that one is refused with the fix.
        if (request.ContentType is { Length: > 0 } contentType
            && !(MediaTypeHeaderValue.TryParse(contentType, out var media) && Accepted.Contains(media.MediaType.Value, StringComparer.OrdinalIgnoreCase)))
        {
            return (null, Results.Problem(
                $"Content-Type '{contentType}' is not a scene file: send the YAML or JSON file as the body with Content-Type application/yaml, application/json or text/plain (curl: --data-binary @scene.yaml -H 'Content-Type: application/yaml').",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var text = new StringBuilder();
        var chunk = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(chunk.AsMemory(), cancellationToken)) > 0)
        {
            text.Append(chunk, 0, read);
            if (text.Length > SceneFileReader.MaxFileChars)
            {
                // Refused without reading the rest: the limit holds whatever the client sends.
                return (null, Results.Problem(
                    $"The scene file is over {SceneFileReader.MaxFileChars:N0} characters, the most a scene file holds; split it into several files.",
                    statusCode: StatusCodes.Status413PayloadTooLarge));
            }
        }

        return (text.ToString(), null);
    }
}
