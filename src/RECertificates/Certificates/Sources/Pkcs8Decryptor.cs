using System;
using System.Threading;
using Org.BouncyCastle.Asn1.Pkcs;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// PKCS#8 EncryptedPrivateKeyInfo (PBES2 with PBKDF2 or scrypt and AES or 3DES, or the older PKCS#12 and PBES1
    /// schemes), which netstandard2.0 cannot decrypt. The scheme is judged first (see <see cref="PasswordEncryption"/>),
    /// so that an encryption this module does not open, or one that asks for unbounded work, is said to be that and
    /// not a wrong password. BouncyCastle loads only when an encrypted key is actually read.
    /// </summary>
    internal static class Pkcs8Decryptor
    {
        private const string What = "an encrypted private key";

        /// <returns>The PKCS#8 PrivateKeyInfo DER (the caller clears it), or null when the password does not open it.</returns>
        /// <exception cref="CertificateInputException">An encryption this module does not open, or above its work ceiling, or damaged.</exception>
        /// <exception cref="OperationCanceledException">Ctrl+C.</exception>
        public static byte[]? Decrypt(byte[] encrypted, char[] password, string source, CancellationToken cancellation)
        {
            EncryptedPrivateKeyInfo info;
            try
            {
                info = EncryptedPrivateKeyInfo.GetInstance(encrypted);
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidCastException || e is InvalidOperationException || e is FormatException || e is Org.BouncyCastle.Asn1.Asn1Exception)
            {
                throw new CertificateInputException(IssueIds.InvalidPrivateKey, $"{source} holds {What} whose structure is damaged; export the key again.", source);
            }

            PasswordEncryption.Scheme scheme = PasswordEncryption.Judge(info.EncryptionAlgorithm);
            CertificateInputException? unsupported = scheme.IssueFor(source, What);
            if (unsupported != null)
            {
                throw unsupported;
            }

            // None of the library's messages may be shown (they can quote decrypted bytes): null means "does not open".
            try
            {
                return PasswordEncryption.Decrypt(info.EncryptionAlgorithm, password, false, info.GetEncryptedData(), cancellation);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                throw new CertificateInputException(IssueIds.InvalidPrivateKey, $"{source} holds {What} whose encryption parameters are damaged; export the key again.", source);
            }
        }
    }
}
