namespace RECertificates
{
    /// <summary>
    /// A certificate request written by New-RECertificateRequest: what it asks for and where its files are. The
    /// key never travels in this object; only its path does.
    /// </summary>
    public sealed class RECertificateRequest
    {
        internal RECertificateRequest(string name, string subject, string[] dnsNames, string keyAlgorithm, string csrPath, string keyPath, string csr)
        {
            Name = name;
            Subject = subject;
            DnsNames = dnsNames;
            KeyAlgorithm = keyAlgorithm;
            CsrPath = csrPath;
            KeyPath = keyPath;
            Csr = csr;
        }

        /// <summary>The certificate name on the cluster the request is for: proxy, api, ...</summary>
        public string Name { get; }

        /// <summary>CN=&lt;cluster FQDN&gt;.</summary>
        public string Subject { get; }

        public string[] DnsNames { get; }

        /// <summary>"RSA 2048", "ECDSA P-256", ...</summary>
        public string KeyAlgorithm { get; }

        /// <summary>The PKCS#10 request file (&lt;name&gt;.csr), for certreq -submit or New-PACertificate -CSRPath.</summary>
        public string CsrPath { get; }

        /// <summary>The private key file (&lt;name&gt;.key), readable by its owner only or encrypted.</summary>
        public string KeyPath { get; }

        /// <summary>The request as PEM text (-----BEGIN CERTIFICATE REQUEST-----).</summary>
        public string Csr { get; }

        public override string ToString() => Name;
    }
}
