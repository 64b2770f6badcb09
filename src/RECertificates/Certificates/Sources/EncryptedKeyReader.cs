using System;
using System.Security;
using System.Threading;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// Decrypts a password-protected PEM key (PKCS#8 ENCRYPTED PRIVATE KEY, or OpenSSL's legacy Proc-Type: 4,ENCRYPTED)
    /// in memory: the cluster takes only an unencrypted key, and it must never be written to disk. The decrypted key is
    /// checked to be a key, because a wrong password can decrypt to noise that happens to end in valid padding.
    /// </summary>
    internal static class EncryptedKeyReader
    {
        private const string What = "an encrypted private key";

        /// <exception cref="CertificateInputException">No password, a wrong one, or an encryption this module cannot open.</exception>
        /// <exception cref="OperationCanceledException">Ctrl+C.</exception>
        public static SecureString Decrypt(PemBlock block, SecureString? password, string source, CancellationToken cancellation = default)
        {
            if (password == null)
            {
                throw PasswordIssues.Required(source, What);
            }

            char[] passwordChars = SecretText.ToChars(password);
            byte[]? der = null;
            try
            {
                string label;
                if (block.LegacyEncryption != null)
                {
                    der = LegacyPemDecryptor.Decrypt(block.Data, block.LegacyEncryption, passwordChars, source);
                    label = block.Label;
                }
                else
                {
                    der = Pkcs8Decryptor.Decrypt(block.Data, passwordChars, source, cancellation);
                    label = PemBlock.Pkcs8PrivateKeyLabel;
                }

                if (der == null || !IsKey(label, der, source))
                {
                    throw PasswordIssues.Wrong(source, What);
                }

                return PemText.Key(label, der);
            }
            finally
            {
                Array.Clear(passwordChars, 0, passwordChars.Length);
                if (der != null)
                {
                    Array.Clear(der, 0, der.Length);
                }
            }
        }

        private static bool IsKey(string label, byte[] der, string source)
        {
            try
            {
                PrivateKeyReader.Read(new PemBlock(label, der, 0, 0), source);
                return true;
            }
            catch (CertificateInputException)
            {
                return false;
            }
        }
    }
}
