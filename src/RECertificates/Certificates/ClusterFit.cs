using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Cluster;

namespace RECertificates.Certificates
{
    /// <summary>
    /// The checks of one certificate that depend on the cluster it goes to, in the order a reader meets them: does it
    /// name the cluster (<see cref="CertificateNameFit"/>), does a proxy certificate cover the database endpoints, do
    /// the cluster's cipher suites (8.2 and later) serve its key, and which known defects of the cluster's version it
    /// meets (<see cref="KnownDefectRules"/>). Each issue comes with whether it is an error.
    /// </summary>
    internal static class ClusterFit
    {
        public static IEnumerable<(bool IsError, ValidationIssue Issue)> Check(CertificateInput input, X509Certificate2[] chain, ClusterTarget target)
        {
            X509Certificate2 leaf = chain[0];
            if (target.CheckNames && CertificateNameFit.AppliesTo(input.Name))
            {
                NameFit fit = CertificateNameFit.Check(leaf, target.Fqdn, target.Host);
                if (!fit.Fits)
                {
                    string names = fit.CertificateNames.Count == 0 ? "no DNS name, IP address or CN" : string.Join(", ", fit.CertificateNames);
                    yield return (true, new ValidationIssue(IssueIds.CertificateNameMismatch,
                        $"{input.Description} is not for cluster '{target.Label}': it names {names}, and clients reach the cluster as {string.Join(", ", fit.ClusterNames)}. " +
                        $"Issue it for the cluster's names (for example {Example(target)}), or give -SkipNameCheck when clients reach this cluster by a name of its own. Nothing was sent.",
                        input.Target, FailureKind.InvalidData));
                }
                else if (input.Name == CertificateNames.Proxy && fit.MissingDatabaseWildcards.Count > 0 && target.Fqdn != null)
                {
                    string fqdn = CertificateNameFit.Canonical(target.Fqdn);
                    IEnumerable<string> endpoints = fit.MissingDatabaseWildcards.Select(w => w.StartsWith("*.internal.", System.StringComparison.Ordinal)
                        ? $"the internal endpoints (redis-<port>.internal.{fqdn}, lacking {w})"
                        : $"the database endpoints (redis-<port>.{fqdn}, lacking {w})");
                    yield return (false, new ValidationIssue(IssueIds.DatabaseNamesNotCovered,
                        $"{input.Description} does not cover {string.Join(" or ", endpoints)}: TLS clients that verify the host name will fail to verify databases reached by those names. Add the wildcard name(s) when it is next issued.",
                        input.Target, FailureKind.InvalidData));
                }
            }

            if (CipherSuiteFit.Check(input, leaf, target) is ValidationIssue suites)
            {
                yield return (true, suites);
            }

            foreach ((bool IsError, ValidationIssue Issue) defect in KnownDefectRules.Check(input, chain, target))
            {
                yield return defect;
            }
        }

        private static string Example(ClusterTarget target) =>
            target.Fqdn == null ? $"DNS name {target.Host}" : $"DNS names {target.Fqdn} and *.{target.Fqdn}";
    }
}
