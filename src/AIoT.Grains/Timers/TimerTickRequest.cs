using AIoT.Grains.Invocation;

namespace AIoT.Grains.Timers;

/// <summary>A timer tick as a request, so it takes its turn like any call. One instance per timer: ticks never overlap.</summary>
internal sealed class TimerTickRequest(GrainTimer timer, bool interleave) : GrainVoidRequest
{
    public override string InterfaceName => "timer";

    public override string MethodName => "Tick";

    public override RequestOptions Options => interleave ? RequestOptions.AlwaysInterleave : RequestOptions.None;

    public override object?[] GetArguments() => [];

    protected override Task InvokeCore(object target) => timer.InvokeCallback();

    internal override void Complete(Task task) => timer.OnTickCompleted(task);
}
