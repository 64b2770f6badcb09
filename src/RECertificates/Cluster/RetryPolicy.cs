using System;

namespace RECertificates.Cluster
{
    /// <summary>
    /// When and how long to wait before trying a request again, every number of it in this one file: the statuses,
    /// the backoff and the default count. Exponential backoff with jitter and a cap, so that many scheduled tasks
    /// hitting one struggling cluster spread out instead of retrying in lock step. A 401 is never retried: five failed
    /// logins lock the user on a real cluster. Built once per session (<see cref="For"/>) and shared by
    /// <see cref="RequestRetries"/> and <see cref="OutcomeResolver"/>, so both count and wait alike.
    /// </summary>
    internal sealed class RetryPolicy
    {
        /// <summary>How many times a request is tried again when the user did not say (Connect-RECluster -MaximumRetryCount).</summary>
        public const int DefaultMaximumRetryCount = 3;

        /// <summary>The first retry waits about this long when the user did not say; each later one twice as long, up to the cap.</summary>
        public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromSeconds(1);

        /// <summary>The longest wait between two tries when the user did not say.</summary>
        public static readonly TimeSpan DefaultMaximumDelay = TimeSpan.FromSeconds(30);

        private readonly Random _random;

        public RetryPolicy(int maximumRetryCount, TimeSpan baseDelay, TimeSpan maximumDelay, Random? random = null)
        {
            MaximumRetryCount = Math.Max(0, maximumRetryCount);
            BaseDelay = baseDelay;
            MaximumDelay = maximumDelay;
            _random = random ?? new Random();
        }

        public int MaximumRetryCount { get; }

        public TimeSpan BaseDelay { get; }

        public TimeSpan MaximumDelay { get; }

        /// <summary>The policy of a session, from its settings: made once, when the session's client is.</summary>
        public static RetryPolicy For(ClusterConnectionSettings settings) =>
            new RetryPolicy(settings.MaximumRetryCount, settings.RetryBaseDelay, settings.RetryMaximumDelay);

        /// <summary>
        /// Whether an answer is worth asking again. 409 (not all nodes updated) is what the documentation says
        /// to retry for writes; 502/503/504 are a node that is busy or restarting, retried for reads. A write
        /// answered 502/503/504 may have been applied: the transport hands it to OutcomeResolver instead.
        /// </summary>
        public static bool IsRetryableStatus(int statusCode) =>
            statusCode == 409 || statusCode == 502 || statusCode == 503 || statusCode == 504;

        /// <summary>
        /// The rotation endpoint says "not all nodes have been updated" with a 400, where the certificate writes
        /// say it with a 409: retried the same way (rotate.md documents no other 400).
        /// </summary>
        public static bool IsNotAllNodesUpdated(ClusterOperation operation, int statusCode) =>
            operation == ClusterOperation.RotateInternalCertificates && statusCode == 400;

        /// <summary>
        /// Answers after which a write may or may not be in (a gateway's 502/503/504, or a 500, after the whole body
        /// was sent): never sent again blindly, only reading the certificates back tells.
        /// </summary>
        public static bool MayHaveBeenApplied(int statusCode) =>
            statusCode == 500 || statusCode == 502 || statusCode == 503 || statusCode == 504;

        public bool CanRetry(int attemptsMade) => attemptsMade <= MaximumRetryCount;

        /// <summary>The wait before retry number <paramref name="retryNumber"/> (1 for the first retry).</summary>
        public TimeSpan GetDelay(int retryNumber)
        {
            double exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, retryNumber - 1));
            double capped = Math.Min(exponential, MaximumDelay.TotalMilliseconds);
            double jitterFactor;
            lock (_random)
            {
                // Between half and all of the capped delay: spread, yet never shorter than half the backoff.
                jitterFactor = 0.5 + (_random.NextDouble() * 0.5);
            }

            return TimeSpan.FromMilliseconds(capped * jitterFactor);
        }
    }
}
