using Microsoft.CodeAnalysis;

namespace AIoT.Grains.CodeGen;

internal static class Diagnostics
{
    private const string Category = "AIoT.Grains";

    public static readonly DiagnosticDescriptor Generic = new(
        "AIOTG001", "Generic grain types are not supported", "'{0}' is generic; grain interfaces and classes must not be generic", Category, DiagnosticSeverity.Error, true);

    public static readonly DiagnosticDescriptor GenericMethod = new(
        "AIOTG002", "Generic grain methods are not supported", "'{0}' is generic; grain methods must not be generic", Category, DiagnosticSeverity.Error, true);

    public static readonly DiagnosticDescriptor RefParameter = new(
        "AIOTG003", "Grain method parameters are passed by value", "'{0}' parameter '{1}' is ref, out, in or params; grain calls can cross a process boundary, so pass plain values", Category, DiagnosticSeverity.Error, true);

    public static readonly DiagnosticDescriptor ReturnType = new(
        "AIOTG004", "Grain methods are asynchronous", "'{0}' returns {1}; grain methods return Task, Task<T>, ValueTask or ValueTask<T> (void only for one-way observer notifications)", Category, DiagnosticSeverity.Error, true);

    public static readonly DiagnosticDescriptor Inaccessible = new(
        "AIOTG005", "Grain type is not accessible", "'{0}' is private or protected; grain interfaces and classes must be public or internal", Category, DiagnosticSeverity.Error, true);

    public static readonly DiagnosticDescriptor NotAMethod = new(
        "AIOTG006", "Grain interfaces have methods only", "'{0}.{1}' is a property or event; grain interfaces declare asynchronous methods only", Category, DiagnosticSeverity.Error, true);

    public static readonly DiagnosticDescriptor OneWayResult = new(
        "AIOTG007", "One-way methods return no value", "'{0}' is [OneWay] but returns a value; nobody would receive it", Category, DiagnosticSeverity.Error, true);
}
