using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace RECertificates.Certificates
{
    /// <summary>
    /// The certificate names Redis Enterprise knows (as the REST API spells them) and what each allows.
    /// A newer cluster may know more: an unknown name that is well-formed is allowed, with a warning.
    /// </summary>
    internal static class CertificateNames
    {
        public const string Api = "api";
        public const string Cm = "cm";
        public const string Proxy = "proxy";
        public const string Syncer = "syncer";
        public const string MetricsExporter = "metrics_exporter";
        public const string CcsInternodeEncryption = "ccs_internode_encryption";
        public const string DataInternodeEncryption = "data_internode_encryption";
        public const string LdapClient = "ldap_client";
        public const string MtlsTrustedCa = "mtls_trusted_ca";
        public const string SsoIssuer = "sso_issuer";
        public const string SsoService = "sso_service";

        // Made by the cluster itself; DELETE answers 403.
        private static readonly HashSet<string> Required = new HashSet<string>(StringComparer.Ordinal)
        {
            Api, Cm, Proxy, Syncer, MetricsExporter, CcsInternodeEncryption, DataInternodeEncryption,
        };

        private static readonly HashSet<string> Optional = new HashSet<string>(StringComparer.Ordinal)
        {
            LdapClient, MtlsTrustedCa, SsoIssuer, SsoService,
        };

        // Trust anchors: the cluster stores only the certificate (a CA, an identity provider's signing cert).
        private static readonly HashSet<string> Keyless = new HashSet<string>(StringComparer.Ordinal) { MtlsTrustedCa, SsoIssuer };

        private static readonly Regex ValidName = new Regex("^[a-z0-9_]+$", RegexOptions.CultureInvariant);

        /// <summary>Every known name, sorted.</summary>
        public static IReadOnlyList<string> All { get; } = Required.Concat(Optional).OrderBy(n => n, StringComparer.Ordinal).ToArray();

        /// <summary>The names a cluster can do without, which are the only ones it lets anyone delete; sorted.</summary>
        public static IReadOnlyList<string> AllOptional { get; } = Optional.OrderBy(n => n, StringComparer.Ordinal).ToArray();

        // The Kubernetes operator's names for the internode certificates (kubernetes/security/certificates/manage-rec-certificates.md).
        private static readonly Dictionary<string, string> KubernetesNames = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cp_internode_encryption"] = CcsInternodeEncryption,
            ["dp_internode_encryption"] = DataInternodeEncryption,
        };

        /// <summary>
        /// Lower case, with '-' read as '_' (metrics-exporter is metrics_exporter), and the Kubernetes operator's
        /// names read as the REST API's (cp_internode_encryption is ccs_internode_encryption).
        /// </summary>
        public static string Normalize(string name)
        {
            string lowered = name.ToLowerInvariant().Replace('-', '_');
            return KubernetesNames.TryGetValue(lowered, out string? rest) ? rest : lowered;
        }

        /// <summary>The Kubernetes name a name or file name starts with (cp_internode_encryption.pem), or null: for the verbose note.</summary>
        public static string? KubernetesNameIn(string text)
        {
            string lowered = text.ToLowerInvariant().Replace('-', '_');
            return KubernetesNames.Keys.FirstOrDefault(k => lowered == k || (lowered.StartsWith(k, StringComparison.Ordinal) && (lowered[k.Length] == '.' || lowered[k.Length] == '_')));
        }

        /// <summary>A file name with a leading Kubernetes name read as the REST API's (cp_internode_encryption.key is ccs_internode_encryption.key), normalized.</summary>
        public static string NormalizeFileName(string fileName)
        {
            string lowered = fileName.ToLowerInvariant().Replace('-', '_');
            return KubernetesNameIn(lowered) is string alias ? KubernetesNames[alias] + lowered.Substring(alias.Length) : lowered;
        }

        /// <summary>"Did you mean 'proxy'?" for a name the module does not know; empty when no known name is close.</summary>
        public static string Suggestion(string name) =>
            ClosestName.Among(Normalize(name), All) is string closest ? $" Did you mean '{closest}'?" : string.Empty;

        public static bool IsKnown(string name) => Required.Contains(Normalize(name)) || Optional.Contains(Normalize(name));

        /// <summary>Made by the cluster and cannot be deleted.</summary>
        public static bool IsRequired(string name) => Required.Contains(Normalize(name));

        /// <summary>The cluster keeps no private key for it.</summary>
        public static bool IsKeyless(string name) => Keyless.Contains(Normalize(name));

        /// <summary>Internode certificates, which must have RSA keys.</summary>
        public static bool IsInternode(string name) =>
            Normalize(name) == CcsInternodeEncryption || Normalize(name) == DataInternodeEncryption;

        /// <summary>
        /// Whether the name can be a certificate name at all. It ends up in a URL path and a JSON key, so only
        /// letters, digits and '_' are allowed: no '/', '\', '..', spaces or other surprises.
        /// </summary>
        public static bool IsValidName(string? name) => !string.IsNullOrEmpty(name) && ValidName.IsMatch(Normalize(name!));
    }
}
