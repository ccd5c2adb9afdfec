using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace AIoT.Ecosystem.Runtime;

/// <summary>How the twins keep their observers: subscriptions expire unless renewed, on the silo's clock.</summary>
public static class ObserverLists
{
    /// <summary>Observers renew well within this (the gateway every 4 minutes), so one that vanished is dropped after it.</summary>
    public static readonly TimeSpan Expiration = TimeSpan.FromMinutes(10);

    public static ObserverManager<TObserver> Create<TObserver>(TimeProvider time, ILogger logger) where TObserver : IAddressable =>
        new(Expiration, logger) { GetDateTime = () => time.GetUtcNow().UtcDateTime };
}
