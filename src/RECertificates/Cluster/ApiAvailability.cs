using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Cluster
{
    /// <summary>
    /// Waits for a cluster's REST API to answer again, for instance after a certificate change restarted the service
    /// behind it: asks <c>GET /v1/cluster</c> until it answers or the bound passes. Any answer from the API itself
    /// counts, a refused login included (asking again would only cost another failed login).
    /// </summary>
    internal static class ApiAvailability
    {
        private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(500);
        private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

        /// <summary>True once the API answered; false when <paramref name="bound"/> passed first.</summary>
        /// <param name="elapsed">Told how long it has waited after each unanswered try (for a progress bar).</param>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (Ctrl+C).</exception>
        public static async Task<bool> WaitAsync(IClusterClient client, TimeSpan bound, Action<TimeSpan>? elapsed, ICallLog log, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            TimeSpan pause = FirstPause;
            while (true)
            {
                TimeSpan left = bound - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    attempt.CancelAfter(left);
                    try
                    {
                        await client.GetClusterAsync(log, attempt.Token).ConfigureAwait(false);
                        return true;
                    }
                    catch (REApiException refused) when (refused.StatusCode == 401 || refused.StatusCode == 403)
                    {
                        return true;
                    }
                    catch (REApiException unanswered)
                    {
                        log.Verbose($"Cluster '{client.ClusterLabel}' does not answer yet ({unanswered.ErrorId}); waited {clock.Elapsed.TotalSeconds:0} s of at most {bound.TotalSeconds:0} s.");
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        return false;
                    }
                }

                elapsed?.Invoke(clock.Elapsed);
                TimeSpan wait = pause < bound - clock.Elapsed ? pause : bound - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }

                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }
}
