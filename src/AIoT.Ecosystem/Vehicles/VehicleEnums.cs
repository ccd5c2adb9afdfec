namespace AIoT.Ecosystem.Vehicles;

public enum Gear
{
    Park,
    Reverse,
    Neutral,
    Drive,
}

public enum ChargingState
{
    Unplugged,
    PluggedIn,
    Charging,
    Complete,
}

public enum GeofenceDirection
{
    Arriving,
    Leaving,
}
