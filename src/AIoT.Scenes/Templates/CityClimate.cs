namespace AIoT.Scenes.Templates;

/// <summary>
/// The thresholds a city's homes are fitted with: the indoor temperature that makes a day "hot" (°C), the indoor
/// PM2.5 density that calls for the purifier (µg/m³), and whether the air is humid enough for a dehumidifying
/// scene. <see cref="AirNote"/> and <see cref="HeatNote"/> say why, in the words a suggestion's reason uses.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CityClimate(string City, double HotDayCelsius, double Pm25Threshold, bool Humid, string AirNote, string HeatNote)
{
    /// <summary>Relative humidity (%) above which a humid city's scenes dry a room: mould grows where indoor air stays above about 70-75%.</summary>
    public const double HumidPercent = 75;

    // PM2.5 thresholds use the bands of China's air quality index (HJ 633-2012, on the 24-hour limits of GB 3095-2012):
    // up to 35 µg/m³ is "excellent", 35-75 "good", above 75 "lightly polluted". Each city gets the band edge its bad days
    // pass, so the purifier starts on those days and not all the time. Annual means quoted are rough recent figures.
    // Hot-day thresholds are indoor temperatures: where summers are humid a room feels hot sooner (the heat index at
    // 80% humidity is about 2-3 °C above the air temperature), so humid cities get a lower one.
    public static readonly IReadOnlyList<CityClimate> Known =
    [
        // PM2.5: annual mean about 30-40 µg/m³, with winter heating-season episodes far above 75.
        // Heat: July highs about 31 °C with drier air than the south. Humid: no, semi-arid outside July-August.
        new("Beijing", 30, 75, false,
            "Beijing's PM2.5 often passes 75 µg/m³ in the heating season",
            "Beijing's dry summer heat is felt above 30 °C indoors"),

        // PM2.5: annual mean about 28-30 µg/m³; winter days pass 50, few pass 75. Heat: highs 32-35 °C in July-August,
        // humid. Humid: yes, plum rains in June and humid summers.
        new("Shanghai", 28, 50, true,
            "Shanghai's PM2.5 passes 50 µg/m³ on its worse winter days",
            "Shanghai's humid summers feel hot from 28 °C indoors"),

        // PM2.5: annual mean under 20 µg/m³, among the cleanest large cities; 35 (the top of "excellent") already
        // stands out. Heat: hot and humid from May to October. Humid: yes, "huinantian" spring damp.
        new("Shenzhen", 27, 35, true,
            "Shenzhen's air is usually clean, so PM2.5 above 35 µg/m³ (the top of China's 'excellent' band) stands out",
            "Shenzhen's long humid summers feel hot from 27 °C indoors"),

        // PM2.5: annual mean about 22-25 µg/m³; 50 is passed on winter days. Heat and humidity as Shenzhen's.
        new("Guangzhou", 27, 50, true,
            "Guangzhou's PM2.5 passes 50 µg/m³ on its worse winter days",
            "Guangzhou's long humid summers feel hot from 27 °C indoors"),

        // PM2.5: annual mean about 28-30 µg/m³, as Shanghai's. Heat: one of the Yangtze "furnaces" in July.
        new("Hangzhou", 28, 50, true,
            "Hangzhou's PM2.5 passes 50 µg/m³ on its worse winter days",
            "Hangzhou's humid summers feel hot from 28 °C indoors"),

        // PM2.5: annual mean about 35-40 µg/m³, winter episodes above 75. Heat: one of the "three furnaces".
        new("Wuhan", 28, 75, true,
            "Wuhan's PM2.5 often passes 75 µg/m³ in winter",
            "Wuhan, one of China's 'furnace' cities, feels hot from 28 °C indoors"),

        // PM2.5: annual mean about 35-40 µg/m³; the Sichuan basin traps winter smog above 75. Heat: July highs about
        // 30 °C, overcast and humid. Humid: yes, among the most humid of the large cities all year.
        new("Chengdu", 28, 75, true,
            "Chengdu's basin traps winter smog, so PM2.5 often passes 75 µg/m³",
            "Chengdu's humid summers feel hot from 28 °C indoors"),
    ];

    /// <summary>
    /// The climate of <paramref name="city"/> (case does not matter); for a city not in the table, the national
    /// defaults: PM2.5 75 µg/m³ (GB 3095-2012's 24-hour limit), hot from 28 °C, not humid.
    /// </summary>
    public static CityClimate For(string? city) =>
        Known.FirstOrDefault(c => string.Equals(c.City, city?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? new CityClimate(
            string.IsNullOrWhiteSpace(city) ? "your city" : city.Trim(), 28, 75, false,
            "PM2.5 above 75 µg/m³ is past China's 24-hour limit",
            "a room above 28 °C is hot to come home to");
}
