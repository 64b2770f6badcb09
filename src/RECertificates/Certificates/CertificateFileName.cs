using System;
using System.Collections.Generic;

namespace RECertificates.Certificates
{
    /// <summary>
    /// The file naming conventions: <c>proxy.pem</c>, <c>proxy.crt</c>, <c>proxy_cert.pem</c>, <c>proxy-cert.pem</c>,
    /// <c>proxy.cert.pem</c>, <c>proxy.cer</c>, <c>proxy.der</c>, <c>proxy.pfx</c>, <c>proxy.p12</c> hold the certificate
    /// of 'proxy'; <c>proxy.key</c>, <c>proxy_key.pem</c>, <c>proxy-key.pem</c>, <c>proxy.key.pem</c> its key. win-acme's
    /// PEM files: <c>proxy-chain.pem</c> (leaf and issuers), <c>proxy-crt.pem</c> (the leaf alone),
    /// <c>proxy-chain-only.pem</c> (the issuers alone) and <c>proxy-key.pem</c>. Case-insensitive, '-' read as '_'.
    /// </summary>
    internal sealed class CertificateFileName
    {
        private const string ChainOnlySuffix = "_chain_only.pem";

        // Longest suffix first, so "proxy_key.pem" is a key of 'proxy', not the certificate of 'proxy_key'.
        private static readonly (string Suffix, CertificateFileRole Role)[] Suffixes =
        {
            (ChainOnlySuffix, CertificateFileRole.ChainOnly),
            (".cert.pem", CertificateFileRole.Certificate),
            ("_cert.pem", CertificateFileRole.Certificate),
            ("_chain.pem", CertificateFileRole.Certificate),
            ("_crt.pem", CertificateFileRole.LeafOnly),
            (".key.pem", CertificateFileRole.Key),
            ("_key.pem", CertificateFileRole.Key),
            (".pem", CertificateFileRole.Certificate),
            (".crt", CertificateFileRole.Certificate),
            (".cer", CertificateFileRole.Certificate),
            (".der", CertificateFileRole.Certificate),
            (".pfx", CertificateFileRole.Certificate),
            (".p12", CertificateFileRole.Certificate),
            (".key", CertificateFileRole.Key),
        };

        private CertificateFileName(string certificateName, CertificateFileRole role)
        {
            CertificateName = certificateName;
            Role = role;
        }

        /// <summary>The certificate name the file is for (normalized), or the bare file name when unrecognized.</summary>
        public string CertificateName { get; }

        public CertificateFileRole Role { get; }

        /// <param name="path">A file name or path; only the file name counts.</param>
        public static CertificateFileName Parse(string path)
        {
            string fileName = CertificateNames.Normalize(FileNameOf(path));
            foreach ((string suffix, CertificateFileRole role) in Suffixes)
            {
                if (fileName.Length > suffix.Length && fileName.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return new CertificateFileName(CertificateNames.Normalize(fileName.Substring(0, fileName.Length - suffix.Length)), role);
                }
            }

            return new CertificateFileName(fileName, CertificateFileRole.Unknown);
        }

        /// <summary>
        /// The last segment of a path written either way: Windows paths (<c>C:\certs\proxy.pem</c>, UNC
        /// <c>\\server\share\proxy.pem</c>, <c>\\?\C:\certs\proxy.pem</c>, drive-relative <c>C:proxy.pem</c>) name
        /// the same file on every platform, while Path.GetFileName splits only on the running platform's separators.
        /// No certificate name holds a separator or a colon.
        /// </summary>
        internal static string FileNameOf(string path)
        {
            int lastSeparator = path.LastIndexOfAny(new[] { '/', '\\' });
            string fileName = lastSeparator < 0 ? path : path.Substring(lastSeparator + 1);
            bool driveRelative = fileName.Length > 2 && fileName[1] == ':' && char.IsLetter(fileName[0]);
            return driveRelative ? fileName.Substring(2) : fileName;
        }

        /// <summary>win-acme's file of the issuers alone, which completes its leaf-only file: proxy-chain-only.pem.</summary>
        public static string ChainOnlyFileName(string certificateName) => certificateName + ChainOnlySuffix;

        /// <summary>The names a key file beside a certificate of this name may have, most conventional first.</summary>
        public static IReadOnlyList<string> KeyFileCandidates(string certificateName) => new[]
        {
            certificateName + ".key",
            certificateName + "_key.pem",
            certificateName + "-key.pem",
            certificateName + ".key.pem",
        };
    }
}
