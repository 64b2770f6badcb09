namespace RECertificates
{
    /// <summary>What a file's name says it holds.</summary>
    internal enum CertificateFileRole
    {
        Unknown,
        Certificate,
        Key,
    }
}
