using System.Collections.Generic;
using System.Linq;
using RECertificates.Certificates;

namespace RECertificates.Cluster
{
    /// <summary>
    /// The refusals the cluster's version calls for, decided before anything is sent (from <see cref="ClusterVersionFacts"/>).
    /// An unknown version refuses nothing: the module then behaves as before it read versions, and the cluster decides.
    /// </summary>
    internal static class ClusterVersionRules
    {
        /// <summary>Why a cluster cannot take PUT /v1/cluster/certificates; null when it can (or its version is unknown).</summary>
        public static string? TooOldForAllInOne(string? versionText, SoftwareVersion? version, string cluster)
        {
            VersionFact bulk = ClusterVersionFacts.BulkCertificateUpdate;
            return bulk.IsIn(version)
                ? null
                : $"Cluster '{cluster}' runs Redis Enterprise {versionText}, older than {bulk.Since}, which has no {bulk.Subject}: Set-RECertificate cannot change its certificates. " +
                  "Use Update-RECertificateLegacy with the same arguments: it replaces them one by one through PUT /v1/cluster/update_cert. Nothing was sent.";
        }

        /// <summary>One issue per certificate whose name came after the cluster's version.</summary>
        public static IReadOnlyList<ValidationIssue> UnsupportedNames(IEnumerable<CertificateInput> inputs, string? versionText, SoftwareVersion? version, string cluster) =>
            inputs
                .Where(input => !ClusterVersionFacts.HasName(version, input.Name))
                .Select(input => new ValidationIssue(
                    IssueIds.CertificateNotSupported,
                    $"{input.Description}: cluster '{cluster}' runs Redis Enterprise {versionText}, and '{input.Name}' exists only from version {ClusterVersionFacts.FirstVersionWith(input.Name)}. " +
                    "Upgrade the cluster first, or leave this certificate out. Nothing was sent.",
                    input.Target,
                    FailureKind.NotImplemented))
                .ToList();
    }
}
