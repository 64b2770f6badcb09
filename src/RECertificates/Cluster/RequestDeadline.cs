using System;
using System.Threading;

namespace RECertificates.Cluster
{
    /// <summary>
    /// The time one exchange may take: the caller's cancellation (Ctrl+C), the session's closing and the timeout, in
    /// one token. Made afresh for every exchange, a followed redirect and a retry included, so each gets the whole time.
    /// </summary>
    internal sealed class RequestDeadline : IDisposable
    {
        private readonly CancellationTokenSource _source;
        private readonly CancellationToken _caller;

        /// <param name="closed">Cancelled when the session is closed (Disconnect-RECluster).</param>
        public RequestDeadline(TimeSpan timeout, CancellationToken caller, CancellationToken closed)
        {
            Timeout = timeout;
            _caller = caller;
            _source = CancellationTokenSource.CreateLinkedTokenSource(caller, closed);
            _source.CancelAfter(timeout);
        }

        public TimeSpan Timeout { get; }

        public CancellationToken Token => _source.Token;

        /// <summary>
        /// Whether a cancellation was the deadline's (or the closing session's), so the exchange went unanswered; false
        /// when the caller cancelled, which is reported as a cancellation, never as a timeout.
        /// </summary>
        public bool Passed => !_caller.IsCancellationRequested;

        /// <summary>
        /// The time limit of a request: its endpoint's own when it has one (rotation: 900 s, beyond the session's),
        /// otherwise the session's for a read or for a write.
        /// </summary>
        public static TimeSpan For(ClusterConnectionSettings settings, bool isWrite, TimeSpan? timeLimit) =>
            timeLimit ?? (isWrite ? settings.WriteTimeout : settings.ReadTimeout);

        public void Dispose() => _source.Dispose();
    }
}
