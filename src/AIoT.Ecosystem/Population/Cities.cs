using AIoT.Ecosystem.Geo;

namespace AIoT.Ecosystem.Population;

internal static class Cities
{
    public static readonly IReadOnlyList<(string Name, GeoPoint Center)> All =
    [
        ("Beijing", new GeoPoint(39.9042, 116.4074)),
        ("Shanghai", new GeoPoint(31.2304, 121.4737)),
        ("Shenzhen", new GeoPoint(22.5431, 114.0579)),
        ("Guangzhou", new GeoPoint(23.1291, 113.2644)),
        ("Hangzhou", new GeoPoint(30.2741, 120.1551)),
        ("Wuhan", new GeoPoint(30.5928, 114.3055)),
        ("Chengdu", new GeoPoint(30.5728, 104.0668)),
    ];

    public static readonly IReadOnlyList<string> FamilyNames = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun"];

    public static readonly IReadOnlyList<string> GivenNames = ["Wei", "Fang", "Na", "Min", "Jing", "Lei", "Yang", "Jie", "Tao", "Xin", "Hui", "Lin", "Qiang", "Yan"];
}
