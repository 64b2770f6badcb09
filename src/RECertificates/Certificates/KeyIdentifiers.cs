using System;
using System.Linq;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Certificates
{
    /// <summary>
    /// The key identifiers that tie a certificate to its issuer without a signature check: the issuer's
    /// SubjectKeyIdentifier is the child's AuthorityKeyIdentifier keyIdentifier. When both carry one and they differ,
    /// the one is not the other's issuer, whatever the names say; when either lacks one, only the signature tells.
    /// </summary>
    internal static class KeyIdentifiers
    {
        private const string AuthorityKeyIdentifierOid = "2.5.29.35";

        /// <summary>False only when both identifiers are present and differ.</summary>
        public static bool MayHaveIssued(X509Certificate2 issuer, X509Certificate2 child)
        {
            string? authorityKey = AuthorityKeyIdentifier(child);
            string? subjectKey = SubjectKeyIdentifier(issuer);
            return authorityKey == null || subjectKey == null || string.Equals(authorityKey, subjectKey, StringComparison.OrdinalIgnoreCase);
        }

        public static string? SubjectKeyIdentifier(X509Certificate2 certificate) =>
            certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifier;

        /// <summary>The keyIdentifier of the AuthorityKeyIdentifier extension (SEQUENCE { [0] OCTET STRING ... }), as hex.</summary>
        public static string? AuthorityKeyIdentifier(X509Certificate2 certificate)
        {
            X509Extension? extension = certificate.Extensions.Cast<X509Extension>().FirstOrDefault(e => e.Oid?.Value == AuthorityKeyIdentifierOid);
            byte[]? data = extension?.RawData;
            if (data == null || data.Length < 4 || data[0] != 0x30)
            {
                return null;
            }

            int position = 1;
            if (!TryReadLength(data, ref position, out _) || position >= data.Length || data[position] != 0x80)
            {
                return null;
            }

            position++;
            if (!TryReadLength(data, ref position, out int length) || position + length > data.Length)
            {
                return null;
            }

            byte[] identifier = new byte[length];
            Array.Copy(data, position, identifier, 0, length);
            return Hex.ToUpper(identifier);
        }

        private static bool TryReadLength(byte[] data, ref int position, out int length)
        {
            length = 0;
            if (position >= data.Length)
            {
                return false;
            }

            byte first = data[position++];
            if (first < 0x80)
            {
                length = first;
                return true;
            }

            int octets = first & 0x7F;
            if (octets == 0 || octets > 3 || position + octets > data.Length)
            {
                return false;
            }

            for (int i = 0; i < octets; i++)
            {
                length = (length << 8) | data[position++];
            }

            return true;
        }
    }
}
