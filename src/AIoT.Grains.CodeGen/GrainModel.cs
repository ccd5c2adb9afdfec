using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AIoT.Grains.CodeGen;

/// <summary>What the generator found in one compilation, checked and ready to write.</summary>
internal sealed class GrainModel
{
    private const string Namespace = "AIoT.Grains";

    public List<InterfaceModel> Interfaces { get; } = new();

    public List<string> GrainClasses { get; } = new();

    public static GrainModel? Build(Compilation compilation, ImmutableArray<INamedTypeSymbol> symbols, Action<Diagnostic> report)
    {
        var addressable = compilation.GetTypeByMetadataName(Namespace + ".IAddressable");
        var grain = compilation.GetTypeByMetadataName(Namespace + ".IGrain");
        var grainBase = compilation.GetTypeByMetadataName(Namespace + ".Grain");
        if (addressable is null || grain is null || grainBase is null)
        {
            return null;
        }

        var model = new GrainModel();
        var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var symbol in symbols)
        {
            if (!seen.Add(symbol))
            {
                continue;
            }

            if (symbol.TypeKind == TypeKind.Interface && symbol.AllInterfaces.Contains(addressable, SymbolEqualityComparer.Default)
                && !IsMarker(symbol))
            {
                var item = InterfaceModel.Build(symbol, addressable, report);
                if (item is not null)
                {
                    model.Interfaces.Add(item);
                }
            }
            else if (symbol.TypeKind == TypeKind.Class && !symbol.IsAbstract && DerivesFrom(symbol, grainBase)
                && symbol.AllInterfaces.Any(i => i.AllInterfaces.Contains(grain, SymbolEqualityComparer.Default)))
            {
                if (!IsAccessible(symbol))
                {
                    report(Diagnostic.Create(Diagnostics.Inaccessible, symbol.Locations.FirstOrDefault(), symbol.Name));
                    continue;
                }

                if (symbol.IsGenericType)
                {
                    report(Diagnostic.Create(Diagnostics.Generic, symbol.Locations.FirstOrDefault(), symbol.Name));
                    continue;
                }

                model.GrainClasses.Add(symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
            }
        }

        return model;
    }

    internal static bool IsAccessible(INamedTypeSymbol symbol)
    {
        for (var type = symbol; type is not null; type = type.ContainingType)
        {
            if (type.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMarker(INamedTypeSymbol symbol) =>
        symbol.ContainingNamespace.ToDisplayString() == Namespace
        && symbol.Name is "IAddressable" or "IGrain" or "IGrainWithStringKey" or "IGrainWithGuidKey" or "IGrainWithIntegerKey" or "IGrainObserver";

    private static bool DerivesFrom(INamedTypeSymbol symbol, INamedTypeSymbol baseType)
    {
        for (var type = symbol.BaseType; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
