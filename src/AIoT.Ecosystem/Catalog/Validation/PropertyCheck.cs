namespace AIoT.Ecosystem.Catalog.Validation;

/// <summary>The outcome of checking one value against its property: the MIoT code, and on success the normalized value.</summary>
public readonly record struct PropertyCheck(int Code, PropertyValue Value, string? Error)
{
    public bool IsOk => Code == MiotCodes.Ok;

    public static PropertyCheck Ok(PropertyValue value) => new(MiotCodes.Ok, value, null);

    public static PropertyCheck Fail(int code, string error) => new(code, default, error);
}

/// <summary>Who is asking: a set (from a user, scene or API) must respect access; a device reporting its own state need not.</summary>
public enum PropertyUse
{
    Set,
    Report,
}
