using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AIoT.Grains.CodeGen.Tests;

/// <summary>Runs the generator on small sources the way the compiler does and reads what it says.</summary>
public sealed class GeneratorTests
{
    [Fact]
    public void A_valid_grain_interface_compiles_with_a_generated_reference_and_registration()
    {
        var (diagnostics, generated) = Run("""
            using System.Threading.Tasks;
            using AIoT.Grains;
            public interface ILamp : IGrainWithStringKey
            {
                Task<bool> IsOn();
                Task Set(bool on, int brightness);
                ValueTask<int> Brightness();
                [OneWay] Task Blink();
            }
            public sealed class LampGrain : Grain, ILamp
            {
                public Task<bool> IsOn() => Task.FromResult(true);
                public Task Set(bool on, int brightness) => Task.CompletedTask;
                public ValueTask<int> Brightness() => ValueTask.FromResult(1);
                public Task Blink() => Task.CompletedTask;
            }
            """);

        Assert.Empty(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains("class ILamp_Reference", generated);
        Assert.Contains("RegisterGrainClass(typeof(global::LampGrain))", generated);
        Assert.Contains("RequestOptions.OneWay", generated);
    }

    [Theory]
    [InlineData("int Count();", "AIOTG004", "ICounter.Count")]
    [InlineData("Task<T> Get<T>();", "AIOTG002", "ICounter.Get")]
    [InlineData("Task Add(ref int amount);", "AIOTG003", "amount")]
    [InlineData("int Value { get; }", "AIOTG006", "Value")]
    [InlineData("[OneWay] Task<int> Fire();", "AIOTG007", "ICounter.Fire")]
    public void An_unsupported_grain_method_is_a_compile_error_naming_it(string member, string id, string named)
    {
        var (diagnostics, _) = Run($$"""
            using System.Threading.Tasks;
            using AIoT.Grains;
            public interface ICounter : IGrainWithStringKey
            {
                {{member}}
            }
            """);

        var error = Assert.Single(diagnostics, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains(named, error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static (ImmutableArray<Diagnostic> Diagnostics, string Generated) Run(string source)
    {
        var references = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && !string.IsNullOrEmpty(a.Location))
            .Select(a => MetadataReference.CreateFromFile(a.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Grain).Assembly.Location));
        var compilation = CSharpCompilation.Create(
            "GeneratorTest",
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create(new GrainCodeGenerator())
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var generated = string.Join("\n", driver.GetRunResult().GeneratedTrees.Select(t => t.ToString()));
        var all = generatorDiagnostics.AddRange(output.GetDiagnostics());
        return (all, generated);
    }
}
