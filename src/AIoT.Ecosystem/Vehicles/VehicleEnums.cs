namespace AIoT.Ecosystem.Vehicles;

[GenerateSerializer]
public enum Gear
{
    Park,
    Reverse,
    Neutral,
    Drive,
}

[GenerateSerializer]
public enum ChargingState
{
    Unplugged,
    PluggedIn,
    Charging,
    Complete,
}

[GenerateSerializer]
public enum GeofenceDirection
{
    Arriving,
    Leaving,
}
