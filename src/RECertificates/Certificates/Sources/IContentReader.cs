using System.Security;
using System.Threading;

namespace RECertificates.Certificates.Sources
{
    /// <summary>One file format (PEM, DER, PKCS#12): knows its own content when it sees it, and reads it into a <see cref="SourceContent"/>.</summary>
    internal interface IContentReader
    {
        /// <summary>Whether the bytes are in this format; a cheap look at the structure, never a decryption.</summary>
        bool Recognizes(byte[] content);

        /// <param name="content">The file's bytes; the caller clears them.</param>
        /// <param name="source">What to call the input in messages (its path).</param>
        /// <param name="password">-Password, for protected content; null when not given.</param>
        /// <param name="cancellation">Ctrl+C: honoured between (and, where it can be, inside) the expensive steps, such as key derivations.</param>
        /// <exception cref="CertificateInputException">The content cannot be read; the issue says why.</exception>
        /// <exception cref="System.OperationCanceledException">Ctrl+C.</exception>
        SourceContent Read(byte[] content, string source, SecureString? password, CancellationToken cancellation);
    }
}
