using System.Security.Cryptography.X509Certificates;
using RECertificates.Cluster;

namespace RECertificates.Certificates
{
    /// <summary>
    /// From 8.2 the cluster refuses, at upload, a certificate its configured cipher suites cannot serve (an ECDSA
    /// certificate when only RSA suites are configured, and the reverse) for api, cm and metrics_exporter (the
    /// control plane, control_cipher_suites) and proxy (the data path, data_cipher_list and
    /// data_cipher_suites_tls_1_3). The module refuses it first, naming the setting to change.
    /// </summary>
    internal static class CipherSuiteFit
    {
        /// <summary>The error for one certificate; null when it fits, the version has no such check, or the settings were not read.</summary>
        public static ValidationIssue? Check(CertificateInput input, X509Certificate2 leaf, ClusterTarget target)
        {
            ClusterCipherSuites? suites = target.CipherSuites;
            if (suites == null || !ClusterVersionFacts.CipherSuiteCheck.IsIn(target.Version) || target.Version == null)
            {
                return null;
            }

            string name = input.Name;
            bool control = name == CertificateNames.Api || name == CertificateNames.Cm || name == CertificateNames.MetricsExporter;
            if (!control && name != CertificateNames.Proxy)
            {
                return null;
            }

            PublicKeyIdentity? key = PublicKeyIdentity.FromCertificate(leaf);
            SuiteKeys needed = key?.Algorithm == PublicKeyIdentity.RsaAlgorithm ? SuiteKeys.Rsa
                : key?.Algorithm == PublicKeyIdentity.EcdsaAlgorithm ? SuiteKeys.Ecdsa
                : SuiteKeys.None;
            SuiteKeys served = control ? suites.ControlKeys : suites.DataKeys;
            if (needed == SuiteKeys.None || (served & needed) != 0)
            {
                return null;
            }

            string setting = control ? ClusterCipherSuites.ControlSetting : $"{ClusterCipherSuites.DataSetting} (or {ClusterCipherSuites.DataTls13Setting})";
            string configured = control ? suites.Control ?? string.Empty : $"{suites.DataList}{(string.IsNullOrEmpty(suites.DataTls13) ? string.Empty : " / " + suites.DataTls13)}";
            string keyName = needed == SuiteKeys.Ecdsa ? "ECDSA" : "RSA";
            string other = needed == SuiteKeys.Ecdsa ? "RSA" : "ECDSA";
            return new ValidationIssue(IssueIds.CipherSuiteMismatch,
                $"{input.Description} has an {keyName} key, but cluster '{target.Label}' (Redis Enterprise {target.VersionText}) has only {other} suites in {setting} ('{configured}'), and from {ClusterVersionFacts.CipherSuiteCheck.Since} it refuses such a certificate. " +
                $"Add {keyName} suites to {setting} (PUT /v1/cluster), or issue the certificate with an {other} key. Nothing was sent.",
                input.Target, FailureKind.InvalidData);
        }
    }
}
