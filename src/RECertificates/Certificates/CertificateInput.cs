using System;
using System.Security;

namespace RECertificates.Certificates
{
    /// <summary>
    /// One certificate to send to a cluster, however the user gave it (files, text, or an object read from
    /// another cluster): its name, its chain as PEM text, its key (if any) as a SecureString, and where it came
    /// from so messages can say which one they mean. Owns its key: disposing the input wipes it.
    /// </summary>
    internal sealed class CertificateInput : IDisposable
    {
        public CertificateInput(string name, string certificatePem, SecureString? key, string origin, string? certificatePath = null, string? keyPath = null)
        {
            Name = name;
            CertificatePem = certificatePem;
            Key = key;
            Origin = origin;
            CertificatePath = certificatePath;
            KeyPath = keyPath;
        }

        /// <summary>
        /// The chain was completed from the machine's certificate stores (an X509Certificate2 input), not given: issuers
        /// the stores lack are missing from it without the user having left them out.
        /// </summary>
        public bool ChainFromStores { get; set; }

        public string Name { get; }

        public string CertificatePem { get; }

        /// <summary>The PEM private key, or null for key-less names (or when none was found).</summary>
        public SecureString? Key { get; }

        /// <summary>Where it came from, in words: a file path, or "certificate 'proxy' from cluster X".</summary>
        public string Origin { get; }

        public string? CertificatePath { get; }

        public string? KeyPath { get; }

        /// <summary>Whether the name was read from the file's name (not given with -Name): an unknown one is then a mistake, not a newer name.</summary>
        public bool NamedByFile { get; set; }

        /// <summary>How messages name this input: "certificate 'proxy' (/certs/proxy.pem)".</summary>
        public string Description => CertificatePath != null ? $"certificate '{Name}' ({CertificatePath})" : Origin;

        /// <summary>How messages name the key: its file when it had one of its own.</summary>
        public string KeyDescription => KeyPath != null ? $"the key of certificate '{Name}' ({KeyPath})" : $"the key of {Description}";

        /// <summary>The issue target: the file when there is one, else the certificate name.</summary>
        public string Target => CertificatePath ?? Name;

        public void Dispose() => Key?.Dispose();

        public override string ToString() => Description;
    }
}
