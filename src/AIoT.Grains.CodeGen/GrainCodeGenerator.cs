using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AIoT.Grains.CodeGen;

/// <summary>
/// Writes, for every grain or observer interface in a project, a typed reference class and one request class per
/// method; and a module initializer that registers them and the project's grain classes with the runtime.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainCodeGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var types = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is TypeDeclarationSyntax { BaseList: not null } and (InterfaceDeclarationSyntax or ClassDeclarationSyntax),
                static (ctx, ct) => ctx.SemanticModel.GetDeclaredSymbol(ctx.Node, ct) as INamedTypeSymbol)
            .Where(static s => s is not null)
            .Collect();

        context.RegisterSourceOutput(context.CompilationProvider.Combine(types), static (spc, input) =>
        {
            var (compilation, symbols) = input;
            var model = GrainModel.Build(compilation, symbols!, spc.ReportDiagnostic);
            if (model is null || (model.Interfaces.Count == 0 && model.GrainClasses.Count == 0))
            {
                return;
            }

            spc.AddSource("AIoT.Grains.Generated.g.cs", SourceWriter.Write(model, compilation.AssemblyName ?? "assembly"));
        });
    }
}
