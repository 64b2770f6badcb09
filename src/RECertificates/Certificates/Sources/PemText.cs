using System;
using System.Security;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// DER as PEM text, for what arrives in binary (DER certificates, PKCS#12 contents, keys exported from the
    /// certificate store; the requests and key files the renewal cmdlets write): the cluster takes PEM only. Keys are
    /// built in arrays that are cleared, never in strings.
    /// </summary>
    internal static class PemText
    {
        private const int LineLength = 64;

        /// <summary>A certificate (public) as PEM text.</summary>
        public static string Certificate(byte[] der) => Public(PemBlock.CertificateLabel, der);

        /// <summary>A block that holds nothing secret (a certificate, a certificate request) as PEM text.</summary>
        public static string Public(string label, byte[] der) => new string(ToChars(label, der));

        /// <summary>A private key as PEM in a SecureString; the characters in between are wiped.</summary>
        public static SecureString Key(string label, byte[] der)
        {
            char[] pem = ToChars(label, der);
            try
            {
                return SecretText.ToSecureString(pem);
            }
            finally
            {
                Array.Clear(pem, 0, pem.Length);
            }
        }

        /// <summary>The PEM characters, lines of 64 as RFC 7468 writes them; the caller clears the array.</summary>
        public static char[] ToChars(string label, byte[] der)
        {
            string begin = "-----BEGIN " + label + "-----\n";
            string end = "-----END " + label + "-----\n";
            char[] base64 = new char[(der.Length + 2) / 3 * 4];
            try
            {
                int length = Convert.ToBase64CharArray(der, 0, der.Length, base64, 0);
                int lines = (length + LineLength - 1) / LineLength;
                char[] pem = new char[begin.Length + length + lines + end.Length];
                begin.CopyTo(0, pem, 0, begin.Length);
                int position = begin.Length;
                for (int start = 0; start < length; start += LineLength)
                {
                    int count = Math.Min(LineLength, length - start);
                    Array.Copy(base64, start, pem, position, count);
                    position += count;
                    pem[position++] = '\n';
                }

                end.CopyTo(0, pem, position, end.Length);
                return pem;
            }
            finally
            {
                Array.Clear(base64, 0, base64.Length);
            }
        }
    }
}
