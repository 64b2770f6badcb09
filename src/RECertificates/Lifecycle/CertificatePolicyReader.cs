using System.Threading;
using System.Threading.Tasks;
using RECertificates.Cluster;

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
    }
}
