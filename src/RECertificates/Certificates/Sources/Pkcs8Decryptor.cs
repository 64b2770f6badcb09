using System;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Pkcs;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// PKCS#8 EncryptedPrivateKeyInfo (PBES2 with PBKDF2 and AES or 3DES, or the older PKCS#12 PBE schemes), which
    /// netstandard2.0 cannot decrypt. BouncyCastle does it in managed code; this class is the only one that touches it
    /// for keys, so the library loads only when an encrypted key is actually read.
    /// </summary>
    internal static class Pkcs8Decryptor
    {
        /// <returns>The PKCS#8 PrivateKeyInfo DER (the caller clears it), or null when the password does not open it.</returns>
        public static byte[]? Decrypt(byte[] encrypted, char[] password)
        {
            try
            {
                EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.GetInstance(encrypted);
                return PrivateKeyInfoFactory.CreatePrivateKeyInfo(password, info).GetEncoded();
            }
            catch (Exception)
            {
                // BouncyCastle reports a wrong password as whatever broke first (padding, ASN.1, an argument): all mean
                // "does not open", and none of their messages may be shown (they can quote decrypted bytes).
                return null;
            }
        }
    }
}
