using AIoT.Scenes.Files;
using static AIoT.Scenes.Tests.Files.SceneFiles;

namespace AIoT.Scenes.Tests.Files;

/// <summary>Whatever a user feeds the reader, a half-saved file or a typo anywhere, it answers with problems at lines, never an exception.</summary>
public sealed class SceneFileRobustnessTests
{
    private static List<string> GoodFiles()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot(), "samples", "scenes"))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Select(File.ReadAllText).ToList();
        files.Add(SceneFileWriter.ToYaml(SceneFileWriterTests.EveryKind()));
        files.Add(SceneFileWriter.ToJson(SceneFileWriterTests.EveryKind()));
        return files;
    }

    [Fact]
    public void No_prefix_of_a_good_file_crashes_the_reader()
    {
        var text = SceneFileWriter.ToYaml(SceneFileWriterTests.EveryKind()) + SceneFileWriter.ToJson(SceneFileWriterTests.EveryKind());

        for (var length = 0; length < text.Length; length += 53)
        {
            var result = SceneFileReader.Read(text[..length]);
            Assert.True(result.Succeeded || result.Problems.All(p => p.Line is > 0), $"prefix of {length} characters");
        }
    }

    [Fact]
    public void Good_files_with_random_typos_give_problems_or_scenes_never_an_exception()
    {
        var files = GoodFiles();
        var random = new Random(13);
        const string Typed = " \n\t:-[]{},\"'#&*!|>?%@`0123456789.eE+abcxyz~";

        for (var i = 0; i < 800; i++)
        {
            var text = files[random.Next(files.Count)].ToCharArray().ToList();
            for (var edits = random.Next(1, 6); edits > 0; edits--)
            {
                var at = random.Next(text.Count);
                switch (random.Next(3))
                {
                    case 0:
                        text[at] = Typed[random.Next(Typed.Length)];
                        break;
                    case 1:
                        text.Insert(at, Typed[random.Next(Typed.Length)]);
                        break;
                    default:
                        text.RemoveAt(at);
                        break;
                }
            }

            var mutated = new string([.. text]);
            var result = SceneFileReader.Read(mutated);
            Assert.True(result.Succeeded != result.Problems.Count > 0, mutated);
            Assert.All(result.Problems, p => Assert.True(p.Line > 0, $"{p} has no line in:\n{mutated}"));
        }
    }
}
