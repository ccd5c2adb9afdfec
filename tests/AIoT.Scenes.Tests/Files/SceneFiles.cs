using System.Collections;
using System.Reflection;
using AIoT.Scenes.Files;
using AIoT.Scenes.Model;
using AIoT.Scenes.Validation;

namespace AIoT.Scenes.Tests.Files;

/// <summary>Helpers for the file tests: read a file that must be good or must be refused, print a scene whole.</summary>
internal static class SceneFiles
{
    public static SceneDefinition ReadOne(string text)
    {
        var result = SceneFileReader.Read(text);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        return Assert.Single(result.Scenes);
    }

    public static IReadOnlyList<SceneProblem> Problems(string text)
    {
        var result = SceneFileReader.Read(text);
        Assert.False(result.Succeeded, "the file was accepted");
        Assert.Empty(result.Scenes);
        return result.Problems;
    }

    /// <summary>The one problem at this path; fails listing all of them when there is none or several.</summary>
    public static SceneProblem ProblemAt(string text, string path)
    {
        var problems = Problems(text);
        var matching = problems.Where(p => p.Path == path).ToList();
        Assert.True(matching.Count == 1, $"expected one problem at {path}, got:\n{string.Join("\n", problems)}");
        return matching[0];
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AIoT.Ecosystem.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AIoT.Ecosystem.sln not found above the test folder.");
    }

    /// <summary>Records compare lists by reference; this prints every field, lists by content, so two scenes compare whole.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        TimeSpan or DaySet or DayTime or SceneValue or Enum or double or int or bool => $"{value.GetType().Name}:{value}",
        IEnumerable items => $"[{string.Join(", ", items.Cast<object?>().Select(Describe))}]",
        _ => $"{value.GetType().Name} {{ {string.Join(", ", value.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != "EqualityContract" && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name} = {Describe(p.GetValue(value))}"))} }}",
    };
}
