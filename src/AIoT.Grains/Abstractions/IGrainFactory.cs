namespace AIoT.Grains;

public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;

    TGrainInterface GetGrain<TGrainInterface>(Guid key) where TGrainInterface : IGrainWithGuidKey;

    TGrainInterface GetGrain<TGrainInterface>(long key) where TGrainInterface : IGrainWithIntegerKey;

    /// <summary>A reference to a grain by its id, typed as one of the interfaces its class implements.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId id) where TGrainInterface : IGrain;

    /// <summary>Hosts <paramref name="observer"/> so grains can call it; notifications reach it one at a time, in order.</summary>
    TObserver CreateObjectReference<TObserver>(TObserver observer) where TObserver : class, IGrainObserver;

    void DeleteObjectReference<TObserver>(TObserver reference) where TObserver : class, IGrainObserver;
}
