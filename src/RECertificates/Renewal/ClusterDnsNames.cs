using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Renewal
{
    /// <summary>
    /// The DNS names a Redis Enterprise cluster's certificates carry: the cluster's FQDN, its wildcard, and the
    /// same two under 'internal.' (Redis Enterprise, "Create certificates"); and what a DNS name may look like.
    /// </summary>
    internal static class ClusterDnsNames
    {
        // Letters, digits and inner hyphens per label (63 at most), at least two labels; '*.' only as the first label.
        private static readonly Regex DnsName = new Regex(
            @"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary><c>fqdn</c>, <c>*.fqdn</c>, <c>internal.fqdn</c>, <c>*.internal.fqdn</c>.</summary>
        public static IReadOnlyList<string> For(string fqdn) => new[] { fqdn, "*." + fqdn, "internal." + fqdn, "*.internal." + fqdn };

        /// <summary>Whether <paramref name="name"/> is a host name a certificate can carry (wildcard allowed).</summary>
        public static bool IsValid(string? name) => name != null && name.Length <= 253 && DnsName.IsMatch(name);

        /// <summary>The error for a name that is not a DNS name, saying which and why.</summary>
        public static CertificateInputException Invalid(string name, string whose) => new CertificateInputException(RenewalIds.InvalidDnsName,
            $"{whose} '{name}' is not a DNS name: use letters, digits, '-' and '.', such as cluster.example.com (a wildcard only as '*.' in front). Nothing was written.",
            name, FailureKind.InvalidArgument);

        /// <summary>A cluster name made safe as one folder name (it comes from the cluster, which is not trusted).</summary>
        public static string FolderNameOf(string? clusterName)
        {
            if (string.IsNullOrEmpty(clusterName))
            {
                return "unknown-cluster";
            }

            string safe = Regex.Replace(clusterName, "[^A-Za-z0-9._-]", "_");
            return safe.Trim('.').Length == 0 ? "unknown-cluster" : safe;
        }

        /// <summary>Lower case, as certificates are compared (DNS is case-insensitive).</summary>
        public static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();
    }
}
