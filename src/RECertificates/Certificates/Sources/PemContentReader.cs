using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// PEM text: certificates, a key, or both (text around the blocks, such as OpenSSL's "Bag Attributes", is
    /// ignored). An encrypted key is decrypted with -Password. Also the last reader: what no other reader claimed is
    /// explained here (not PEM, empty, binary).
    /// </summary>
    internal sealed class PemContentReader : IContentReader
    {
        public bool Recognizes(byte[] content) => true;

        public SourceContent Read(byte[] content, string source, SecureString? password)
        {
            char[] text = CertificateFileReader.Decode(content, source);
            List<PemBlock>? blocks = null;
            try
            {
                blocks = PemReader.Read(text, source);
                List<PemBlock> keys = blocks.Where(b => b.IsPrivateKey || b.IsEncryptedPrivateKey).ToList();
                if (keys.Count > 1)
                {
                    throw new CertificateInputException(IssueIds.MultiplePrivateKeys, $"'{source}' holds {keys.Count} private keys; a certificate has exactly one. Keep only the key of the first certificate.", source);
                }

                bool hasCertificate = blocks.Any(b => b.IsCertificate);
                if (!hasCertificate && keys.Count == 0)
                {
                    throw PemReader.NotPem(source);
                }

                SecureString? key = keys.Count == 0 ? null
                    : keys[0].IsEncryptedPrivateKey ? EncryptedKeyReader.Decrypt(keys[0], password, source)
                    : SecretText.ToSecureString(new ReadOnlySpan<char>(text, keys[0].TextStart, keys[0].TextLength));
                string pem = hasCertificate ? CertificateChainReader.CertificateText(text, blocks) : string.Empty;
                return new SourceContent(pem, key, source);
            }
            finally
            {
                blocks?.ForEach(b => b.Clear());
                Array.Clear(text, 0, text.Length);
            }
        }
    }
}
