using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Certificates
{
    /// <summary>
    /// Whether a certificate names the cluster it is about to serve: a pure function of (the certificate's names, the
    /// cluster's FQDN, the host the session was opened with), as TLS clients judge a server. The certificate's DNS
    /// names count (its CN only when it has none), wildcards cover exactly one label, case and a trailing dot do not
    /// matter, internationalised names are compared in their ASCII (punycode) form, and a session opened by an IP
    /// address is matched against the certificate's IP addresses.
    /// </summary>
    internal static class CertificateNameFit
    {
        /// <summary>The names whose certificates clients verify against the cluster's names (the rest are not served to them).</summary>
        public static bool AppliesTo(string certificateName)
        {
            string name = CertificateNames.Normalize(certificateName);
            return name == CertificateNames.Api || name == CertificateNames.Cm || name == CertificateNames.Proxy || name == CertificateNames.MetricsExporter;
        }

        /// <summary>The verdict for one leaf certificate.</summary>
        /// <param name="clusterFqdn">RESession.ClusterName; null when unknown.</param>
        /// <param name="sessionHost">The host of the session's URI (a name or an IP address); null when unknown.</param>
        public static NameFit Check(X509Certificate2 leaf, string? clusterFqdn, string? sessionHost) =>
            Check(SubjectAlternativeNames.DnsNames(leaf), SubjectAlternativeNames.IpAddresses(leaf), leaf.GetNameInfo(X509NameType.SimpleName, false), clusterFqdn, sessionHost);

        /// <summary>The rule itself, on plain strings (what xUnit feeds).</summary>
        public static NameFit Check(IReadOnlyList<string> dnsNames, IReadOnlyList<string> ipAddresses, string? commonName, string? clusterFqdn, string? sessionHost)
        {
            // RFC 6125: the CN is a fallback for certificates without DNS names, as browsers and OpenSSL treat it.
            List<string> presented = dnsNames.Count > 0 ? dnsNames.ToList()
                : string.IsNullOrWhiteSpace(commonName) ? new List<string>() : new List<string> { commonName! };
            List<string> names = presented.Select(Canonical).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            List<IPAddress> addresses = ipAddresses.Select(ParseAddress).Where(a => a != null).Select(a => a!).ToList();

            string? fqdn = string.IsNullOrWhiteSpace(clusterFqdn) ? null : Canonical(clusterFqdn!);
            string? host = string.IsNullOrWhiteSpace(sessionHost) ? null : sessionHost!.Trim().Trim('[', ']');
            IPAddress? hostAddress = host == null ? null : ParseAddress(host);
            string? hostName = host == null || hostAddress != null ? null : Canonical(host);

            var clusterNames = new List<string>();
            if (fqdn != null)
            {
                clusterNames.AddRange(new[] { fqdn, "*." + fqdn, "internal." + fqdn, "*.internal." + fqdn });
            }

            if (host != null && !clusterNames.Contains(hostName ?? host, StringComparer.Ordinal))
            {
                clusterNames.Add(hostAddress?.ToString() ?? hostName!);
            }

            bool fits = clusterNames.Count == 0
                || (fqdn != null && names.Any(n => Covers(n, fqdn) || n.EndsWith("." + fqdn, StringComparison.Ordinal)))
                || (hostName != null && names.Any(n => Covers(n, hostName)))
                || (hostAddress != null && addresses.Any(a => a.Equals(hostAddress)));

            var missingWildcards = new List<string>();
            if (fqdn != null)
            {
                missingWildcards.AddRange(new[] { "*." + fqdn, "*.internal." + fqdn }.Where(w => !names.Contains(w, StringComparer.Ordinal)));
            }

            return new NameFit(fits, presented.Concat(ipAddresses).ToList(), clusterNames, missingWildcards);
        }

        /// <summary>Whether a certificate name (maybe a wildcard) covers a host name, both canonical: "*." covers one label, never none or two.</summary>
        public static bool Covers(string certificateName, string hostName)
        {
            if (!certificateName.StartsWith("*.", StringComparison.Ordinal))
            {
                return certificateName == hostName;
            }

            int firstDot = hostName.IndexOf('.');
            return firstDot > 0 && hostName.Substring(firstDot) == certificateName.Substring(1);
        }

        /// <summary>Lower case, no trailing dot, international labels in their ASCII form ("Bücher.Example." is "xn--bcher-kva.example").</summary>
        public static string Canonical(string name)
        {
            string trimmed = name.Trim().TrimEnd('.');
            bool wildcard = trimmed.StartsWith("*.", StringComparison.Ordinal);
            string rest = wildcard ? trimmed.Substring(2) : trimmed;
            try
            {
                rest = rest.Length == 0 ? rest : new IdnMapping().GetAscii(rest);
            }
            catch (ArgumentException)
            {
                // Not a host name IDNA can map (an underscore, a space): compared as written, it will simply not match.
            }

            return (wildcard ? "*." : string.Empty) + rest.ToLowerInvariant();
        }

        private static IPAddress? ParseAddress(string text) =>
            IPAddress.TryParse(text.Trim().Trim('[', ']'), out IPAddress? address) ? address : null;
    }

    /// <summary>The outcome of <see cref="CertificateNameFit.Check(IReadOnlyList{string}, IReadOnlyList{string}, string, string, string)"/>.</summary>
    internal sealed class NameFit
    {
        public NameFit(bool fits, IReadOnlyList<string> certificateNames, IReadOnlyList<string> clusterNames, IReadOnlyList<string> missingDatabaseWildcards)
        {
            Fits = fits;
            CertificateNames = certificateNames;
            ClusterNames = clusterNames;
            MissingDatabaseWildcards = missingDatabaseWildcards;
        }

        /// <summary>Whether clients that reach the cluster by its FQDN, a name under it, or the session's host can verify it.</summary>
        public bool Fits { get; }

        /// <summary>What the certificate names (DNS names, else its CN; then its IP addresses), as written in it.</summary>
        public IReadOnlyList<string> CertificateNames { get; }

        /// <summary>What would fit: the FQDN, *.FQDN, internal.FQDN, *.internal.FQDN and the session's host.</summary>
        public IReadOnlyList<string> ClusterNames { get; }

        /// <summary>Of *.FQDN and *.internal.FQDN, those the certificate lacks: the database endpoints a proxy certificate then fails.</summary>
        public IReadOnlyList<string> MissingDatabaseWildcards { get; }
    }
}
