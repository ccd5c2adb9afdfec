using System.Collections;
using System.Globalization;
using System.Text;
using AIoT.Scenes.Model;

namespace AIoT.Scenes.Tests.Templates;

/// <summary>Scenes written out in full, lists by content, so two can be compared (records compare lists by reference).</summary>
internal static class ScenePrinter
{
    public static string Print(object? value)
    {
        var builder = new StringBuilder();
        Write(value, builder);
        return builder.ToString();
    }

    private static void Write(object? value, StringBuilder builder)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                return;
            case string or SceneValue or DayTime or DaySet or TimeSpan or Enum or bool or IFormattable:
                builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            case IEnumerable items:
                builder.Append('[');
                foreach (var item in items)
                {
                    Write(item, builder);
                    builder.Append(';');
                }

                builder.Append(']');
                return;
        }

        var type = value.GetType();
        builder.Append(type.Name).Append('{');
        foreach (var property in type.GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract").OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            builder.Append(property.Name).Append('=');
            Write(property.GetValue(value), builder);
            builder.Append(',');
        }

        builder.Append('}');
    }
}
