using System.Text;
using AIoT.Host.Web;
using AIoT.Scenes.Files;

namespace AIoT.Host.Cli;

/// <summary>A scene file the CLI reads from disk: loaded once, checked here, or sent to the host as it is.</summary>
internal static class SceneFile
{
    public static bool TryLoad(FileInfo file, out string text, out string error)
    {
        text = "";
        error = "";
        try
        {
            using var reader = file.OpenText();
            // One character past the limit is enough for the reader (here or at the host) to refuse the file as too large.
            var buffer = new char[SceneFileReader.MaxFileChars + 1];
            text = new string(buffer, 0, reader.ReadBlock(buffer, 0, buffer.Length));
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"{file.FullName}: cannot read the scene file ({ex.Message}).";
            return false;
        }
    }

    /// <summary>The file's form checked without a host: every problem by line, exit 1 on any.</summary>
    public static int ValidateHere(FileInfo file, string text)
    {
        var result = SceneFileReader.Read(text);
        if (!result.Succeeded)
        {
            foreach (var problem in result.Problems)
            {
                Console.Error.WriteLine(SceneFileProblem.Of(problem).ToString(file.ToString()));
            }

            Console.Error.WriteLine($"{file}: {result.Problems.Count} problem(s).");
            return 1;
        }

        Console.WriteLine($"{file}: valid: {string.Join(", ", result.Scenes.Select(s => s.Id))} (the file's form; give --household to check it against a household too).");
        return 0;
    }

    public static HttpContent Content(FileInfo file, string text) =>
        new StringContent(text, Encoding.UTF8, file.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/yaml");
}
