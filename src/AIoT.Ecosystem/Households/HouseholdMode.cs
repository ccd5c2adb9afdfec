namespace AIoT.Ecosystem.Households;

[GenerateSerializer]
public enum HouseholdMode
{
    Home,
    Away,
    Sleep,
    Armed,
}
