namespace RECertificates.Simulator;

/// <summary>
/// RS208996: on affected versions, applying a custom internode certificate restarted the heartbeat service and left
/// the REST API unreachable on all nodes for minutes. With --internode-outage-seconds N, every /v1 connection is
/// dropped for N seconds after such a change was accepted. Kept apart from the fault injector: it is the version's
/// behaviour, not a fault a test switches on and off.
/// </summary>
public sealed class InternodeApiOutage(SimulatorOptions options)
{
    private readonly bool _enabled = options.InternodeOutageSeconds > 0 && options.Behaviour.LosesApiAfterInternodeChange;
    private readonly TimeSpan _length = TimeSpan.FromSeconds(options.InternodeOutageSeconds);
    private long _untilTicks;

    /// <summary>Called once an internode certificate was applied (the request that did it still gets its answer).</summary>
    public void Begin()
    {
        if (_enabled) Interlocked.Exchange(ref _untilTicks, (DateTime.UtcNow + _length).Ticks);
    }

    public Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (DateTime.UtcNow.Ticks < Interlocked.Read(ref _untilTicks))
        {
            RequestLog.MarkDropped(context);
            context.Abort();
            return Task.CompletedTask;
        }
        return next();
    }
}
