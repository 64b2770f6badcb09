using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// OpenSSL's legacy PEM key encryption ("Proc-Type: 4,ENCRYPTED" with "DEK-Info: AES-256-CBC,&lt;iv&gt;"), as
    /// written by openssl rsa -aes256 -traditional and older tools: the key is derived with EVP_BytesToKey (MD5, one
    /// round, salted with the first 8 bytes of the IV) and the DER is encrypted in CBC mode. .NET has the ciphers; no
    /// library supports this format on netstandard2.0 without taking the key text as an unwipeable string.
    /// </summary>
    internal static class LegacyPemDecryptor
    {
        private static readonly string[] KnownCiphers = { "AES-128-CBC", "AES-192-CBC", "AES-256-CBC", "DES-EDE3-CBC" };

        // Ciphers OpenSSL can write in a DEK-Info header that this module does not open: named back when found, as
        // a fact the user can act on. Any other text is the file's own and is never repeated.
        private static readonly string[] KnownButNotOpened =
        {
            "DES-CBC", "DES-EDE-CBC", "DESX-CBC", "RC2-CBC", "RC2-40-CBC", "RC2-64-CBC", "BF-CBC", "CAST5-CBC", "IDEA-CBC", "SEED-CBC",
            "CAMELLIA-128-CBC", "CAMELLIA-192-CBC", "CAMELLIA-256-CBC", "ARIA-128-CBC", "ARIA-192-CBC", "ARIA-256-CBC", "SM4-CBC",
        };

        /// <returns>The key's DER in the block's own format (the caller clears it), or null when the password does not open it.</returns>
        /// <exception cref="CertificateInputException">An encryption this module does not know.</exception>
        public static byte[]? Decrypt(byte[] encrypted, string dekInfo, char[] password, string source)
        {
            string[] parts = dekInfo.Split(',');
            string cipherName = parts[0].Trim().ToUpperInvariant();
            byte[]? iv = parts.Length == 2 ? ParseHex(parts[1].Trim()) : null;
            using (SymmetricAlgorithm? cipher = CreateCipher(cipherName, out int keyBytes))
            {
                if (cipher == null)
                {
                    // The DEK-Info text is the file's, not a name: only a cipher this module knows is ever named.
                    throw new CertificateInputException(
                        IssueIds.EncryptedPrivateKey,
                        $"{source} holds a private key encrypted (Proc-Type 4,ENCRYPTED) with {(Array.IndexOf(KnownButNotOpened, cipherName) >= 0 ? cipherName : "a cipher its DEK-Info header does not name as one this module knows")}, which this module does not open (it opens {string.Join(", ", KnownCiphers)}). Encrypt it with AES-256 (openssl pkcs8 -topk8 -v2 aes-256-cbc) or export it again.",
                        source);
                }

                if (iv == null || iv.Length != cipher.BlockSize / 8)
                {
                    throw new CertificateInputException(
                        IssueIds.InvalidPrivateKey,
                        $"{source} holds a private key encrypted with {cipherName}, which this module opens, but the IV in its DEK-Info header is not {cipher.BlockSize / 4} hexadecimal digits; the file is damaged. Export the key again.",
                        source);
                }

                byte[] passwordBytes = Encoding.UTF8.GetBytes(password);
                byte[] key = DeriveKey(passwordBytes, iv, keyBytes);
                try
                {
                    cipher.Mode = CipherMode.CBC;
                    cipher.Padding = PaddingMode.PKCS7;
                    using (ICryptoTransform decryptor = cipher.CreateDecryptor(key, iv))
                    {
                        return decryptor.TransformFinalBlock(encrypted, 0, encrypted.Length);
                    }
                }
                catch (CryptographicException)
                {
                    return null; // the padding did not check out: the wrong password
                }
                finally
                {
                    Array.Clear(passwordBytes, 0, passwordBytes.Length);
                    Array.Clear(key, 0, key.Length);
                }
            }
        }

        private static SymmetricAlgorithm? CreateCipher(string name, out int keyBytes)
        {
            switch (name)
            {
                case "DES-EDE3-CBC":
                    keyBytes = 24;
                    return TripleDES.Create();
                case "AES-128-CBC":
                    keyBytes = 16;
                    return Aes.Create();
                case "AES-192-CBC":
                    keyBytes = 24;
                    return Aes.Create();
                case "AES-256-CBC":
                    keyBytes = 32;
                    return Aes.Create();
                default:
                    keyBytes = 0;
                    return null;
            }
        }

        // EVP_BytesToKey(MD5, count 1): D1 = MD5(password || salt), Di = MD5(Di-1 || password || salt), key = D1 || D2 ...
        private static byte[] DeriveKey(byte[] password, byte[] iv, int keyBytes)
        {
            byte[] key = new byte[keyBytes];
            byte[] input = new byte[16 + password.Length + 8];
            byte[] previous = Array.Empty<byte>();
            try
            {
                using (MD5 md5 = MD5.Create())
                {
                    for (int filled = 0; filled < keyBytes; filled += previous.Length)
                    {
                        int length = 0;
                        Buffer.BlockCopy(previous, 0, input, 0, previous.Length);
                        length += previous.Length;
                        Buffer.BlockCopy(password, 0, input, length, password.Length);
                        length += password.Length;
                        Buffer.BlockCopy(iv, 0, input, length, 8);
                        length += 8;
                        Array.Clear(previous, 0, previous.Length);
                        previous = md5.ComputeHash(input, 0, length);
                        Buffer.BlockCopy(previous, 0, key, filled, Math.Min(previous.Length, keyBytes - filled));
                    }
                }

                return key;
            }
            finally
            {
                Array.Clear(input, 0, input.Length);
                Array.Clear(previous, 0, previous.Length);
            }
        }

        private static byte[]? ParseHex(string hex)
        {
            if (hex.Length == 0 || hex.Length % 2 != 0)
            {
                return null;
            }

            byte[] bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                if (!byte.TryParse(hex.Substring(2 * i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out bytes[i]))
                {
                    return null;
                }
            }

            return bytes;
        }
    }
}
