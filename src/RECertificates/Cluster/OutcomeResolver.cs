using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Certificates;

namespace RECertificates.Cluster
{
    /// <summary>
    /// Sends a write and, when its answer is lost, finds out what happened instead of guessing: waits for the REST
    /// API to answer again (bounded, with progress), reads the certificates back and compares them with what was
    /// sent and what was there before. Applied: success. Not applied, and nothing else changed those certificates:
    /// sent once more (within the session's retry count). Anything else: ErrorId OutcomeUnknown, naming each
    /// certificate, and nothing is sent again. One place for every write, so no cmdlet guesses on its own. It reads
    /// through <see cref="IClusterReadBack"/>, not through the client that owns it.
    /// </summary>
    internal sealed class OutcomeResolver
    {
        private readonly IClusterReadBack _cluster;
        private readonly RetryPolicy _retry;
        private readonly ClusterConnectionSettings _settings;

        /// <param name="retry">The session's policy: a write not applied is sent again within its count.</param>
        /// <param name="settings">The session's settings, read when an answer is lost (how long to wait for the API).</param>
        public OutcomeResolver(IClusterReadBack cluster, RetryPolicy retry, ClusterConnectionSettings settings)
        {
            _cluster = cluster;
            _retry = retry;
            _settings = settings;
        }

        /// <param name="send">Sends the write once; the transport throws AnswerLostException when its answer is lost.</param>
        /// <returns>True when the answer was lost and the read-back found the change in the cluster's record: the
        /// record is node 1's view, so whether every node took it is unknown (the caller says so, or checks the nodes).</returns>
        public async Task<bool> SendAsync(WriteIntent intent, Func<CancellationToken, Task> send, ICallLog log, CancellationToken cancellationToken)
        {
            for (int sends = 1; ; sends++)
            {
                AnswerLostException lost;
                try
                {
                    await send(cancellationToken).ConfigureAwait(false);
                    return false;
                }
                catch (AnswerLostException e)
                {
                    lost = e;
                }

                log.Verbose($"{_cluster.Cluster}: the answer to the change of {intent.Subject} was lost ({lost.Failure.ErrorId}); the module does not send it again blindly, it reads the certificates back first.");
                (WriteOutcome? outcome, string? unreadable) = await ReadOutcomeAsync(intent, log, cancellationToken).ConfigureAwait(false);
                if (outcome != null && outcome.Applied)
                {
                    log.Verbose($"{_cluster.Cluster} holds what was sent: the change of {intent.Subject} was applied, though its answer was lost.");
                    return true;
                }

                if (outcome != null && outcome.NotApplied)
                {
                    if (!_retry.CanRetry(sends))
                    {
                        REApiException failure = lost.After(sends);
                        throw new REApiException(
                            failure.Message + $" The module read the certificates back: the cluster did not apply {intent.Subject}.",
                            failure.Kind, failure.ErrorId, failure.StatusCode, failure.ErrorCode, failure.Description, failure);
                    }

                    TimeSpan delay = _retry.GetDelay(sends);
                    log.Verbose($"{_cluster.Cluster} did not apply {intent.Subject}, and nothing else changed it since: sending it once more in {delay.TotalSeconds:0.0} s (send {sends + 1} of at most {_retry.MaximumRetryCount + 1}).");
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw Unknown(intent, lost, outcome, unreadable);
            }
        }

        /// <summary>The read-back after a lost answer; null with the reason when there is nothing to compare.</summary>
        private async Task<(WriteOutcome? Outcome, string? Why)> ReadOutcomeAsync(WriteIntent intent, ICallLog log, CancellationToken cancellationToken)
        {
            TimeSpan bound = _settings.ApiWaitBound;
            string activity = $"Waiting for the REST API of {_cluster.Cluster} after the change of {intent.Subject}";
            bool answered;
            try
            {
                answered = await _cluster.WaitForApiAsync(bound,
                    elapsed => log.Progress(activity, $"{elapsed.TotalSeconds:0} s of at most {bound.TotalSeconds:0} s"), log, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                log.Progress(activity, null);
            }

            if (!answered)
            {
                return (null, $"its REST API did not answer again within {bound.TotalSeconds:0} seconds");
            }

            try
            {
                IReadOnlyList<ClusterCertificateEntry> now = await _cluster.GetCertificatesAsync(false, log, cancellationToken).ConfigureAwait(false);
                return (intent.Compare(now), null);
            }
            catch (REApiException e)
            {
                return (null, $"reading its certificates back failed ({e.ErrorId})");
            }
        }

        private REApiException Unknown(WriteIntent intent, AnswerLostException lost, WriteOutcome? outcome, string? unreadable)
        {
            string why = unreadable ?? "the certificates it holds are neither all what was sent nor all what it held before";
            IEnumerable<string> details = outcome != null
                ? outcome.States.Select(Describe)
                : intent.Targets.Select(t => $"'{t.Name}': sent {Thumbprint(t.After)}, held {Thumbprint(t.Before)} before");
            return new REApiException(
                $"{_cluster.Cluster} may or may not have applied the change of {intent.Subject}: its answer was lost ({lost.Failure.ErrorId}), and {why}. " +
                $"{string.Join("; ", details)}. The module sent nothing more. Compare with Get-RECertificate before running the command again.",
                outcome == null ? FailureKind.ResourceUnavailable : FailureKind.InvalidResult, "OutcomeUnknown", lost.Failure.StatusCode, innerException: lost.Failure);
        }

        private static string Describe(TargetState state)
        {
            string name = $"'{state.Target.Name}'";
            switch (state.Status)
            {
                case TargetStatus.Applied: return $"{name}: applied (holds {Thumbprint(state.Holds)})";
                case TargetStatus.NotApplied: return $"{name}: not applied (still holds {Thumbprint(state.Holds)})";
                default: return $"{name}: holds {Thumbprint(state.Holds)}, neither the {Thumbprint(state.Target.After)} sent nor the {Thumbprint(state.Target.Before)} held before";
            }
        }

        private static string Thumbprint(string? fingerprint) =>
            fingerprint == null ? "nothing" : fingerprint.StartsWith("text:", StringComparison.Ordinal) ? "an unreadable chain" : "thumbprint " + ChainFingerprint.Leaf(fingerprint);
    }
}
