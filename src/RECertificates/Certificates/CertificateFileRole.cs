namespace RECertificates.Certificates
{
    /// <summary>What a file's name says it holds.</summary>
    internal enum CertificateFileRole
    {
        Unknown,

        /// <summary>The certificate, with its issuers when the file has them.</summary>
        Certificate,

        /// <summary>The leaf alone (win-acme's -crt.pem): a certificate file of the same name that has the chain wins over it.</summary>
        LeafOnly,

        /// <summary>The issuers alone (win-acme's -chain-only.pem): never a certificate of its own, it completes a leaf-only file.</summary>
        ChainOnly,

        Key,
    }
}
