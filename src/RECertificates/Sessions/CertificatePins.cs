using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Certificates;

namespace RECertificates.Sessions
{
    /// <summary>
    /// Certificate thumbprints a session trusts whatever the machine's trust store says: how a cluster whose
    /// REST API shows its own self-signed certificate is trusted without turning validation off.
    /// SHA-1 (40 hex digits) or SHA-256 (64), any case, with colons, dashes, white space or invisible marks ignored.
    /// </summary>
    internal static class CertificatePins
    {
        public static bool TryNormalize(IEnumerable<string>? thumbprints, out string[] pins, out string? problem)
        {
            var normalized = new List<string>();
            problem = null;
            foreach (string thumbprint in thumbprints ?? Array.Empty<string>())
            {
                string digits = new string((thumbprint ?? string.Empty).Where(c => !IsSeparatorOrInvisible(c)).ToArray());
                string hex = digits.ToUpperInvariant();
                bool isHex = hex.All(c => (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
                if (!isHex || (hex.Length != 40 && hex.Length != 64))
                {
                    pins = Array.Empty<string>();
                    problem = $"'{digits}' is not a certificate thumbprint ({digits.Length} characters without separators, not 40 or 64 hex digits). Give the SHA-1 (40 hex digits) or SHA-256 (64 hex digits) thumbprint of the cluster's 'api' certificate; colons are allowed.";
                    return false;
                }

                if (!normalized.Contains(hex))
                {
                    normalized.Add(hex);
                }
            }

            pins = normalized.ToArray();
            return true;
        }

        /// <summary>
        /// What a copied thumbprint may carry besides its digits: colons, dashes, any white space, and invisible
        /// format characters (Windows' certificate dialog puts U+200E, a left-to-right mark, before the first digit).
        /// </summary>
        private static bool IsSeparatorOrInvisible(char c) =>
            c == ':' || c == '-' || char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;

        public static string Sha1Of(X509Certificate2 certificate) => certificate.Thumbprint.ToUpperInvariant();

        public static string Sha256Of(X509Certificate2 certificate)
        {
            using SHA256 sha = SHA256.Create();
            return Hex.ToUpper(sha.ComputeHash(certificate.RawData));
        }

        public static bool Matches(X509Certificate2 certificate, IReadOnlyCollection<string> pins) =>
            pins.Count > 0 && (pins.Contains(Sha1Of(certificate)) || pins.Contains(Sha256Of(certificate)));
    }
}
