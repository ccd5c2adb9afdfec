namespace AIoT.Gateway.Provisioning;

/// <summary>One page of the registered devices in id order; <see cref="Next"/> is the id to continue after, null on the last page.</summary>
public sealed record DevicePage(IReadOnlyList<ProvisionedDevice> Devices, string? Next);
