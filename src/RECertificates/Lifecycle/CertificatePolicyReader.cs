using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Cluster;
using RECertificates.Hosting;

namespace RECertificates.Lifecycle
{
    /// <summary>One cluster's certificate policy from its three sources: the job scheduler, the cluster's alert settings, OCSP.</summary>
    internal static class CertificatePolicyReader
    {
        public static async Task<RECertificatePolicy> ReadAsync(RESession session, ICallLog log, CancellationToken cancellationToken)
        {
            IClusterClient client = session.Client;
            RotationSettings? rotation = await client.GetRotationSettingsAsync(log, cancellationToken).ConfigureAwait(false);
            CertificateAlerts alerts = await client.GetCertificateAlertsAsync(log, cancellationToken).ConfigureAwait(false);
            bool? ocsp = await client.GetOcspEnabledAsync(log, cancellationToken).ConfigureAwait(false);
            return new RECertificatePolicy(session.ClusterName ?? session.Label, rotation?.Enabled, rotation?.CronExpression, rotation?.ExpiryDaysBeforeRotation,
                alerts.Cluster?.DaysWhenOn, alerts.Internal?.DaysWhenOn, ocsp, session);
        }

        /// <summary>
        /// The first step of Get- and Set-RECertificatePolicy alike: every cluster read at once, then each policy handed
        /// to <paramref name="each"/> in the sessions' order, a cluster that could not be read written as its failure in
        /// its turn (so what one cluster's lines say stays between the lines of the clusters before and after it).
        /// </summary>
        public static void ReadEach(ICommandHost host, IReadOnlyList<RESession> sessions, Action<RESession, RECertificatePolicy> each) =>
            host.RunEachInTurn(sessions, FanOut.DefaultThrottle, "Reading certificate policies from clusters",
                (session, log, token) => ReadAsync(session, log, token), session => session.Label, each);
    }
}
