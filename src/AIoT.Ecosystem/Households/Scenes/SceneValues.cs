using AIoT.Ecosystem.Catalog.Model;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Scenes.Model;

namespace AIoT.Ecosystem.Households.Scenes;

/// <summary>Scene files write plain values; twins hold typed MIoT values. Converting either way.</summary>
public static class SceneValues
{
    public static SceneValue ToScene(PropertyValue value) => value.Kind switch
    {
        PropertyValueKind.Bool => SceneValue.Of(value.AsBool()),
        PropertyValueKind.String => SceneValue.Of(value.AsString()),
        _ => SceneValue.Of(value.AsDouble()),
    };

    /// <summary>The value in the property's own format: a whole number for integer formats, so the validator judges the value, not its spelling.</summary>
    public static PropertyValue ToProperty(SceneValue value, PropertySpec property) => value.Kind switch
    {
        SceneValueKind.Bool => PropertyValue.Of(value.IsTrue),
        SceneValueKind.Text => PropertyValue.Of(value.Text ?? ""),
        _ when property.Format is not PropertyFormat.Float && value.Number % 1 == 0 && Math.Abs(value.Number) < 9e15 => PropertyValue.Of((long)value.Number),
        _ => PropertyValue.Of(value.Number),
    };
}
