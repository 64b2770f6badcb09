using System;
using System.Linq;
using System.Management.Automation;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Hosting;

namespace RECertificates.Commands
{
    /// <summary>
    /// Makes the <see cref="ClusterTarget"/> a set is validated for, from a session: its name and host, its version,
    /// -SkipNameCheck, and from 8.2 on the cipher suites (one GET /v1/cluster, only when the set holds a certificate
    /// they decide on). A cluster that cannot be read for them is warned about, and the cluster's own check decides.
    /// </summary>
    internal static class ClusterTargets
    {
        public static ClusterTarget Read(ICommandHost host, RESession session, bool skipNameCheck, CertificateSet set)
        {
            ClusterCipherSuites? suites = null;
            bool needsSuites = ClusterVersionFacts.CipherSuiteCheck.IsIn(session.Version) && session.Version != null
                && set.Inputs.Any(i => CertificateNameFit.AppliesTo(i.Name));
            if (needsSuites)
            {
                try
                {
                    suites = host.Run((log, token) => session.Client.GetCipherSuitesAsync(log, token));
                    host.Verbose($"Cluster '{session.Label}' has {ClusterCipherSuites.ControlSetting} '{suites.Control}', {ClusterCipherSuites.DataSetting} '{suites.DataList}', {ClusterCipherSuites.DataTls13Setting} '{suites.DataTls13}'.");
                }
                catch (Exception e) when (!(e is PipelineStoppedException))
                {
                    host.Warning($"The cipher suites of cluster '{session.Label}' could not be read ({e.Message}); whether its suites serve each certificate's key is left to the cluster.");
                }
            }

            return new ClusterTarget(session.Label, session.ClusterName, session.Uri.Host, session.ClusterVersion, !skipNameCheck, suites);
        }
    }
}
