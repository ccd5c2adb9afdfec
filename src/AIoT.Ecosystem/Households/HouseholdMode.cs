namespace AIoT.Ecosystem.Households;

public enum HouseholdMode
{
    Home,
    Away,
    Sleep,
    Armed,
}
