using System;

namespace RECertificates.Cluster
{
    /// <summary>
    /// When and how long to wait before trying a request again. Exponential backoff with jitter and a cap, so
    /// that many scheduled tasks hitting one struggling cluster spread out instead of retrying in lock step.
    /// A 401 is never retried: five failed logins lock the user on a real cluster.
    /// </summary>
    internal sealed class RetryPolicy
    {
        /// <summary>How many times a request is tried again when the user did not say (Connect-RECluster -MaximumRetryCount).</summary>
        public const int DefaultMaximumRetryCount = 3;

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
