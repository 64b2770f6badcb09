using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;

namespace RECertificates.Certificates
{
    /// <summary>
    /// What identifies a PEM chain: the SHA-1 thumbprints of its certificates, in order ("A1B2..,C3D4.."). Two chains
    /// with the same fingerprint are the same certificates, whatever line breaks or comments their text has. Used to
    /// tell, after a lost answer, whether the cluster holds what was sent or what it held before.
    /// </summary>
    internal static class ChainFingerprint
    {
        /// <summary>The fingerprint, or null when the text holds no readable certificate.</summary>
        public static string? Of(string? pem)
        {
            if (string.IsNullOrEmpty(pem))
            {
                return null;
            }

            List<PemBlock> blocks;
            try
            {
                blocks = PemReader.Read(pem.AsSpan(), "a certificate chain");
            }
            catch (CertificateInputException)
            {
                return null;
            }

            using SHA1 sha1 = SHA1.Create();
            string[] thumbprints = blocks.Where(b => b.IsCertificate).Select(b => Hex.ToUpper(sha1.ComputeHash(b.Data))).ToArray();
            return thumbprints.Length == 0 ? null : string.Join(",", thumbprints);
        }

        /// <summary>The leaf's thumbprint from a fingerprint: what a person compares with Get-RECertificate.</summary>
        public static string? Leaf(string? fingerprint) => fingerprint?.Split(',')[0];
    }
}
