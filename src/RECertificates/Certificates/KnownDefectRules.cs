using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Cluster;

namespace RECertificates.Certificates
{
    /// <summary>
    /// The rules of the known defects that a certificate itself can trigger, one per row of
    /// <see cref="ClusterVersionFacts.Defects"/> whose rule is Refuse or Warn: what in the certificate meets the
    /// defect. The row decides what follows: Refuse is an error (ErrorId KnownDefect, nothing of the set is sent),
    /// except on versions whose notes do not record the fix, where it is a warning; Warn is a warning. Rows whose
    /// rule is a workaround are the request plan's (<see cref="RequestPlan"/>).
    /// </summary>
    internal static class KnownDefectRules
    {
        private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
        private const string EnhancedKeyUsageOid = "2.5.29.37";

        // Extensions every Redis Enterprise version parses (RFC 5280's, plus what public and AD CS certificates carry).
        private static readonly HashSet<string> CommonExtensions = new HashSet<string>(StringComparer.Ordinal)
        {
            "2.5.29.9", "2.5.29.14", "2.5.29.15", "2.5.29.17", "2.5.29.18", "2.5.29.19", "2.5.29.30", "2.5.29.31", "2.5.29.32",
            "2.5.29.33", "2.5.29.35", "2.5.29.36", "2.5.29.37", "2.5.29.46", "2.5.29.54",
            "1.3.6.1.5.5.7.1.1", "1.3.6.1.5.5.7.1.11", "1.3.6.1.5.5.7.1.24", "1.3.6.1.5.5.7.48.1.5", "1.3.6.1.4.1.11129.2.4.2",
            "2.16.840.1.113730.1.1", "2.16.840.1.113730.1.13",
        };

        /// <summary>What in a certificate meets each row: a phrase for the message, or null when it does not.</summary>
        private static readonly Dictionary<KnownDefect, Func<CertificateInput, X509Certificate2[], string?>> Findings =
            new Dictionary<KnownDefect, Func<CertificateInput, X509Certificate2[], string?>>
            {
                [ClusterVersionFacts.ChainWithoutCommonName] = (input, chain) =>
                    chain.Length > 1 && !IsBundle(input) && chain.FirstOrDefault(c => !HasCommonName(c)) is X509Certificate2 noCn
                        ? $"certificate '{noCn.Subject}' of its chain has no CN" : null,
                [ClusterVersionFacts.UnknownExtensions] = (input, chain) =>
                    chain.SelectMany(c => c.Extensions.Cast<X509Extension>()).Select(e => e.Oid?.Value ?? string.Empty)
                        .Where(oid => oid.Length > 0 && !CommonExtensions.Contains(oid)).Distinct().ToList() is List<string> unknown && unknown.Count > 0
                        ? $"its chain carries extensions the cluster may not know ({string.Join(", ", unknown)})" : null,
                [ClusterVersionFacts.ProxyKeepsOldCertificate] = (input, chain) =>
                    input.Name == CertificateNames.Proxy ? "it replaces the proxy certificate" : null,
                [ClusterVersionFacts.CertificateLoginPrimaryOnly] = (input, chain) =>
                    input.Name == CertificateNames.MtlsTrustedCa ? "it sets the CAs of certificate-based login" : null,
                [ClusterVersionFacts.InternodeWithoutClientAuth] = (input, chain) =>
                    CertificateNames.IsInternode(input.Name) && chain[0].Extensions[EnhancedKeyUsageOid] is X509EnhancedKeyUsageExtension usage
                        && !usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == ClientAuthOid)
                        ? "it lacks the clientAuth extended key usage" : null,
                [ClusterVersionFacts.LongInternodeChain] = (input, chain) =>
                    CertificateNames.IsInternode(input.Name) && chain.Length >= 3 ? $"its chain has {chain.Length} certificates" : null,
                [ClusterVersionFacts.LdapLoginFails] = (input, chain) =>
                    input.Name == CertificateNames.LdapClient ? "it replaces ldap_client" : null,
            };

        /// <summary>The rows with a rule here (a test holds every Refuse and Warn row to having one).</summary>
        public static IReadOnlyCollection<KnownDefect> Covered => Findings.Keys;

        /// <summary>The issues the defects of the target's version raise for one certificate: (error?, issue).</summary>
        public static IEnumerable<(bool IsError, ValidationIssue Issue)> Check(CertificateInput input, X509Certificate2[] chain, ClusterTarget target)
        {
            foreach (KeyValuePair<KnownDefect, Func<CertificateInput, X509Certificate2[], string?>> rule in Findings)
            {
                KnownDefect defect = rule.Key;
                DefectStatus status = defect.StatusIn(target.Version);
                if (status == DefectStatus.NotAffected || !(rule.Value(input, chain) is string finding))
                {
                    continue;
                }

                string on = $"cluster '{target.Label}' runs Redis Enterprise {target.VersionText}";
                if (defect.Rule == DefectRule.Refuse && status == DefectStatus.Affected)
                {
                    yield return (true, new ValidationIssue(IssueIds.KnownDefect,
                        $"{input.Description}: {finding}, and {on}, which has known defect {defect.Id}: {defect.Description} ({defect.Source}). " +
                        $"Way out: {defect.WayOut}. Nothing was sent.",
                        input.Target, FailureKind.Refused));
                }
                else if (defect.Rule == DefectRule.Refuse)
                {
                    yield return (false, new ValidationIssue(IssueIds.KnownDefect,
                        $"{input.Description}: {finding}; {on}, and its release notes do not say it carries the fix of known defect {defect.Id} ({defect.Description}; {defect.Source}). " +
                        $"It is sent, but to be safe: {defect.WayOut}.",
                        input.Target, FailureKind.InvalidData));
                }
                else
                {
                    yield return (false, new ValidationIssue(IssueIds.KnownDefect,
                        $"{input.Description}: {finding}, and {on}, which has known defect {defect.Id}: {defect.Description} ({defect.Source}). {Capitalized(defect.WayOut)}.",
                        input.Target, FailureKind.InvalidData));
                }
            }
        }

        // mtls_trusted_ca is a bundle of CAs, not a chain.
        private static bool IsBundle(CertificateInput input) => input.Name == CertificateNames.MtlsTrustedCa;

        private static bool HasCommonName(X509Certificate2 certificate) =>
            certificate.SubjectName.Name.Split(',').Select(p => p.Trim()).Any(p => p.StartsWith("CN=", StringComparison.OrdinalIgnoreCase) && p.Length > 3);

        private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
