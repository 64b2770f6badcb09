using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates
{
    /// <summary>
    /// Waits for a cluster's REST API to answer again, after a change that can take it away for a while.
    /// </summary>
    internal static class ApiAvailability
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

        /// <summary>
        /// Polls GET /v1/cluster until it answers or <paramref name="bound"/> has passed; true when it answered.
        /// <paramref name="elapsed"/> hears how long it has waited, after each attempt.
        /// </summary>
        public static async Task<bool> WaitAsync(ClusterClient client, TimeSpan bound, Action<TimeSpan>? elapsed, ICallLog log, CancellationToken cancellationToken)
        {
            Stopwatch watch = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    await client.GetClusterAsync(log, cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (REApiException e)
                {
                    log.Verbose($"The REST API of {client.ClusterLabel} does not answer yet ({e.Message}).");
                }

                elapsed?.Invoke(watch.Elapsed);
                if (watch.Elapsed + PollInterval > bound)
                {
                    return false;
                }

                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
