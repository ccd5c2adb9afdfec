using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AIoT.Grains.CodeGen;

internal sealed class InterfaceModel
{
    private InterfaceModel(string fullName, string safeName, List<MethodModel> methods)
    {
        FullName = fullName;
        SafeName = safeName;
        Methods = methods;
    }

    /// <summary>global::-qualified name, for code.</summary>
    public string FullName { get; }

    /// <summary>An identifier unique in the assembly, for the generated class names.</summary>
    public string SafeName { get; }

    public List<MethodModel> Methods { get; }

    public static InterfaceModel? Build(INamedTypeSymbol symbol, INamedTypeSymbol addressable, Action<Diagnostic> report)
    {
        var location = symbol.Locations.FirstOrDefault();
        if (symbol.IsGenericType)
        {
            report(Diagnostic.Create(Diagnostics.Generic, location, symbol.Name));
            return null;
        }

        if (!GrainModel.IsAccessible(symbol))
        {
            report(Diagnostic.Create(Diagnostics.Inaccessible, location, symbol.Name));
            return null;
        }

        var methods = new List<MethodModel>();
        var sources = new[] { symbol }.Concat(symbol.AllInterfaces.Where(i => i.AllInterfaces.Contains(addressable, SymbolEqualityComparer.Default)));
        var ok = true;
        foreach (var source in sources)
        {
            foreach (var member in source.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } method && method.IsAbstract)
                {
                    var built = MethodModel.Build(method, methods.Count, report);
                    if (built is null)
                    {
                        ok = false;
                    }
                    else
                    {
                        methods.Add(built);
                    }
                }
                else if (member is IPropertySymbol or IEventSymbol && member.IsAbstract)
                {
                    report(Diagnostic.Create(Diagnostics.NotAMethod, member.Locations.FirstOrDefault(), symbol.Name, member.Name));
                    ok = false;
                }
            }
        }

        if (!ok)
        {
            return null;
        }

        var fullName = symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        var safeName = symbol.ToDisplayString().Replace('.', '_').Replace('+', '_');
        return new InterfaceModel(fullName, safeName, methods);
    }
}
