using System.Linq;
using System.Security;
using System.Threading;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// The one place where file formats plug in: a file is read by what it holds, not by its extension. The first
    /// reader that recognizes the bytes reads them; PEM comes last because it also explains what nothing else read.
    /// A new format is one new <see cref="IContentReader"/> and one line here.
    /// </summary>
    internal static class ContentReaders
    {
        private static readonly IContentReader[] Readers =
        {
            new Pkcs12ContentReader(),
            new DerCertificateReader(),
            new PemContentReader(),
        };

        /// <exception cref="CertificateInputException">The content cannot be read; the issue says why.</exception>
        public static SourceContent Read(byte[] content, string source, SecureString? password, CancellationToken cancellation = default) =>
            Readers.First(reader => reader.Recognizes(content)).Read(content, source, password, cancellation);
    }
}
