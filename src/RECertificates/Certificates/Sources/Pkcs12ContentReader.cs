using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Threading;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Cluster;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// A PKCS#12 file (.pfx, .p12): what AD CS, IIS, Certify The Web and win-acme hand out. Opened with -Password, or
    /// with the empty password when none is given (or when the one given does not open it: a password is ignored where
    /// nothing is protected). The certificate of the key comes first, then its issuers in order; a file without a key
    /// (a CA bundle) is sent in chain order when it forms one, else as the file lists it.
    /// </summary>
    internal sealed class Pkcs12ContentReader : IContentReader
    {
        private const string What = "a PKCS#12 file protected by a password";

        // PFX ::= SEQUENCE { version INTEGER 3, authSafe ContentInfo SEQUENCE, ... }: judged from the first bytes only, so a
        // file cut short is still known as a PFX and reported as damaged instead of "not a certificate".
        public bool Recognizes(byte[] content)
        {
            if (content.Length < 8 || content[0] != 0x30)
            {
                return false;
            }

            int header = content[1] < 0x80 ? 2 : 2 + (content[1] & 0x7F);
            return content.Length > header + 4
                && content[header] == 0x02 && content[header + 1] == 0x01 && content[header + 2] == 0x03 && content[header + 3] == 0x30;
        }

        public SourceContent Read(byte[] content, string source, SecureString? password, CancellationToken cancellation)
        {
            Pkcs12Contents? contents = Open(content, source, password, cancellation);
            var certificates = contents!.Certificates.Select(der => new X509Certificate2(der)).ToList();
            try
            {
                if (certificates.Count == 0)
                {
                    throw Damaged(source, "holds no certificate");
                }

                List<X509Certificate2?> owners = contents.Keys.Select(key => OwnerOf(key, certificates, source)).ToList();
                if (contents.Keys.Count > 1)
                {
                    string thumbprints = string.Join(", ", owners.Select(c => c?.Thumbprint ?? "(a key without its certificate)"));
                    throw new CertificateInputException(
                        IssueIds.AmbiguousPkcs12,
                        $"{source} holds {contents.Keys.Count} private keys (of certificates {thumbprints}); a certificate has exactly one. Export the one certificate you mean with its key.",
                        source);
                }

                if (contents.Keys.Count == 0)
                {
                    List<X509Certificate2> bundle = ChainOrder.Find(certificates) ?? certificates;
                    return new SourceContent(Pem(bundle), null, source);
                }

                X509Certificate2 leaf = owners[0] ?? throw new CertificateInputException(
                    IssueIds.KeyOnlyNoCertificate, $"{source} holds a private key but not its certificate; export the certificate together with its key.", source, FailureKind.ObjectNotFound);
                string pem = Pem(ChainOrder.WithIssuers(leaf, certificates));
                return new SourceContent(pem, PemText.Key(PemBlock.Pkcs8PrivateKeyLabel, contents.Keys[0]), source);
            }
            finally
            {
                certificates.ForEach(c => c.Dispose());
                contents.Dispose();
            }
        }

        private static Pkcs12Contents Open(byte[] content, string source, SecureString? password, CancellationToken cancellation)
        {
            char[] given = password == null ? Array.Empty<char>() : SecretText.ToChars(password);
            try
            {
                // The given password, then the empty one: the MAC tells which, so nothing is decrypted twice.
                char[][] passwords = given.Length > 0 ? new[] { given, Array.Empty<char>() } : new[] { given };
                Pkcs12Decoder.Outcome outcome = Pkcs12Decoder.TryOpen(content, passwords, source, cancellation, out Pkcs12Contents? contents);

                switch (outcome)
                {
                    case Pkcs12Decoder.Outcome.Opened:
                        return contents!;
                    case Pkcs12Decoder.Outcome.WrongPassword:
                        throw password == null ? PasswordIssues.Required(source, What) : PasswordIssues.Wrong(source, What);
                    default:
                        throw Damaged(source, "is damaged or cut short");
                }
            }
            finally
            {
                Array.Clear(given, 0, given.Length);
            }
        }

        private static string Pem(IEnumerable<X509Certificate2> chain) => string.Concat(chain.Select(c => PemText.Certificate(c.RawData)));

        /// <summary>The certificate of a key, found by its public key (files name the pair inconsistently, or not at all).</summary>
        private static X509Certificate2? OwnerOf(byte[] key, List<X509Certificate2> certificates, string source)
        {
            PublicKeyIdentity? publicKey = PrivateKeyReader.Read(new PemBlock(PemBlock.Pkcs8PrivateKeyLabel, key, 0, 0), source).PublicKey;
            return publicKey == null ? null : certificates.FirstOrDefault(c => PublicKeyIdentity.FromCertificate(c)?.Matches(publicKey) == true);
        }

        private static CertificateInputException Damaged(string source, string what) => new CertificateInputException(
            IssueIds.InvalidPkcs12,
            $"{source} is a PKCS#12 (.pfx) file but {what}; export the certificate with its chain again.",
            source);
    }
}
