namespace AIoT.Scenes.Model;

/// <summary>Days of the week as bits, Sunday first as <see cref="DayOfWeek"/> counts them.</summary>
[GenerateSerializer, Immutable]
public readonly record struct DaySet([property: Id(0)] byte Bits)
{
    public static readonly DaySet Every = new(0x7F);

    public static readonly DaySet Weekdays = Of(DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday);

    public static readonly DaySet Weekend = Of(DayOfWeek.Saturday, DayOfWeek.Sunday);

    public static readonly IReadOnlyList<string> Names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static DaySet Of(params DayOfWeek[] days) => new((byte)days.Aggregate(0, (bits, day) => bits | (1 << (int)day)));

    public bool Contains(DayOfWeek day) => (Bits & (1 << (int)day)) != 0;

    public bool IsEmpty => Bits == 0;

    public override string ToString()
    {
        var bits = Bits;
        return this == Every ? "every day"
            : this == Weekdays ? "weekdays"
            : this == Weekend ? "weekends"
            : string.Join(",", Enumerable.Range(0, 7).Where(d => (bits & (1 << d)) != 0).Select(d => Names[d]));
    }
}
