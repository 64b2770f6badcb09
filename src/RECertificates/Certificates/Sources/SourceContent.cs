using System;
using System.Security;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// What any source gives, whatever its format: the certificates as PEM text (leaf first; empty for a key file),
    /// the private key as unencrypted PEM in a SecureString (or none), and where it came from. Everything after the
    /// readers works on this alone. Owns its key: disposing it wipes the key.
    /// </summary>
    internal sealed class SourceContent : IDisposable
    {
        public SourceContent(string certificatePem, SecureString? key, string origin)
        {
            CertificatePem = certificatePem;
            Key = key;
            Origin = origin;
        }

        public string CertificatePem { get; }

        public SecureString? Key { get; }

        /// <summary>A file path, or words such as "certificate 0123... ('CN=proxy') from the certificate store".</summary>
        public string Origin { get; }

        public void Dispose() => Key?.Dispose();
    }
}
