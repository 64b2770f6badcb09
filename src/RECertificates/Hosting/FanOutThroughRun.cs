using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Cluster;

namespace RECertificates.Hosting
{
    /// <summary>
    /// <see cref="ICommandHost.RunEach"/> for a host with no bar of its own to show (a cluster's buffer, a test's
    /// recording): the calls run as one <see cref="ICommandHost.Run"/> and share its log, at most the throttle at once.
    /// </summary>
    internal static class FanOutThroughRun
    {
        public static IReadOnlyList<Outcome<TResult>> RunEach<TItem, TResult>(ICommandHost host, IReadOnlyList<TItem> items, int throttle,
            Func<TItem, ICallLog, CancellationToken, Task<TResult>> work) =>
            host.Run((log, token) => FanOut.RunAsync(items, throttle, (item, t) => work(item, log, t), null, token));
    }
}
