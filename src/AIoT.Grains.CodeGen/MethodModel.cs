using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AIoT.Grains.CodeGen;

internal enum ReturnKind
{
    Void,
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

internal sealed class MethodModel
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public string Name { get; private set; } = "";

    public string DeclaringInterface { get; private set; } = "";

    public string DeclaringInterfaceDisplay { get; private set; } = "";

    public int Index { get; private set; }

    public ReturnKind Kind { get; private set; }

    public string ReturnType { get; private set; } = "";

    /// <summary>T of Task&lt;T&gt; or ValueTask&lt;T&gt;.</summary>
    public string ResultType { get; private set; } = "";

    public List<(string Type, string Name)> Parameters { get; } = new();

    public bool ReadOnly { get; private set; }

    public bool AlwaysInterleave { get; private set; }

    public bool OneWay { get; private set; }

    public static MethodModel? Build(IMethodSymbol method, int index, Action<Diagnostic> report)
    {
        var location = method.Locations.FirstOrDefault();
        var where = method.ContainingType.Name + "." + method.Name;
        if (method.IsGenericMethod)
        {
            report(Diagnostic.Create(Diagnostics.GenericMethod, location, where));
            return null;
        }

        var model = new MethodModel
        {
            Name = method.Name,
            Index = index,
            DeclaringInterface = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            DeclaringInterfaceDisplay = method.ContainingType.ToDisplayString(),
            ReturnType = method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(TypeFormat),
        };

        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                report(Diagnostic.Create(Diagnostics.RefParameter, location, where, parameter.Name));
                return null;
            }

            model.Parameters.Add((parameter.Type.ToDisplayString(TypeFormat), "@" + parameter.Name));
        }

        foreach (var attribute in method.GetAttributes())
        {
            switch (attribute.AttributeClass?.ToDisplayString())
            {
                case "AIoT.Grains.ReadOnlyAttribute":
                    model.ReadOnly = true;
                    break;
                case "AIoT.Grains.AlwaysInterleaveAttribute":
                    model.AlwaysInterleave = true;
                    break;
                case "AIoT.Grains.OneWayAttribute":
                    model.OneWay = true;
                    break;
            }
        }

        if (method.ReturnsVoid)
        {
            model.Kind = ReturnKind.Void;
            model.OneWay = true;
            return model;
        }

        var returnType = method.ReturnType as INamedTypeSymbol;
        var name = returnType?.ConstructedFrom.ToDisplayString();
        switch (name)
        {
            case "System.Threading.Tasks.Task":
                model.Kind = ReturnKind.Task;
                break;
            case "System.Threading.Tasks.ValueTask":
                model.Kind = ReturnKind.ValueTask;
                break;
            case "System.Threading.Tasks.Task<TResult>":
                model.Kind = ReturnKind.TaskOfT;
                model.ResultType = returnType!.TypeArguments[0].ToDisplayString(TypeFormat);
                break;
            case "System.Threading.Tasks.ValueTask<TResult>":
                model.Kind = ReturnKind.ValueTaskOfT;
                model.ResultType = returnType!.TypeArguments[0].ToDisplayString(TypeFormat);
                break;
            default:
                report(Diagnostic.Create(Diagnostics.ReturnType, location, where, method.ReturnType.ToDisplayString()));
                return null;
        }

        if (model.OneWay && model.Kind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT)
        {
            report(Diagnostic.Create(Diagnostics.OneWayResult, location, where));
            return null;
        }

        return model;
    }
}
