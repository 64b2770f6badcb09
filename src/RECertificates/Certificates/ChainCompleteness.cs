using System.Linq;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Certificates.Sources;

namespace RECertificates.Certificates
{
    /// <summary>
    /// A leaf that comes alone, signed by a CA that is neither in the file nor in this machine's stores: the cluster
    /// takes it, but it then serves the leaf without the intermediate, and clients that do not happen to hold that
    /// intermediate fail with "unable to get local issuer certificate". The cluster never completes a chain itself.
    /// </summary>
    internal static class ChainCompleteness
    {
        /// <summary>The warning for such a chain, or null when the chain has its issuers (or is self-signed).</summary>
        public static string? Check(X509Certificate2[] chain, string description)
        {
            if (chain.Length != 1 || CertificateSignature.IsIssuedBy(chain[0], chain[0]))
            {
                return null;
            }

            X509Certificate2 leaf = chain[0];
            bool issuerFound;
            using (var build = new X509Chain())
            {
                build.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                build.ChainPolicy.VerificationFlags = X509VerificationFlags.AllFlags;
                StoreChain.DisableDownloads(build.ChainPolicy);
                build.Build(leaf);
                issuerFound = !build.ChainStatus.Any(s => s.Status == X509ChainStatusFlags.PartialChain) && build.ChainElements.Count > 1;
                foreach (X509ChainElement element in build.ChainElements)
                {
                    if (!ReferenceEquals(element.Certificate, leaf))
                    {
                        element.Certificate.Dispose();
                    }
                }
            }

            return issuerFound
                ? null
                : $"{description}: the chain is incomplete: the file holds only the leaf, and its issuer ('{leaf.Issuer}') is neither in the file nor in this machine's certificate stores. The cluster would serve the leaf alone, and clients that do not already hold that intermediate will refuse the connection ('unable to get local issuer certificate'). Add the intermediate certificate(s) after the leaf in the file (most CAs deliver them as a chain or full-chain file).";
        }
    }
}
