using System;
using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Certificates
{
    /// <summary>
    /// Remembers chains already parsed, keyed by their exact PEM text, so that listing the same certificates
    /// again (a report every few minutes, 500 calls in a loop, a fleet of clusters sharing a CA) costs a string
    /// comparison instead of X.509 parsing. Bounded: when full it starts over, which is cheap and never wrong.
    /// Only public certificate text is kept; keys never enter it.
    /// </summary>
    internal static class ParsedChainCache
    {
        private const int Capacity = 512;

        private static readonly ConcurrentDictionary<string, ChainFacts> Chains = new ConcurrentDictionary<string, ChainFacts>();

        /// <exception cref="CertificateInputException">The PEM is not a readable chain.</exception>
        public static ChainFacts GetOrParse(string certificatePem, string source)
        {
            if (Chains.TryGetValue(certificatePem, out ChainFacts? parsed))
            {
                return parsed;
            }

            X509Certificate2[] chain = CertificateChainReader.Read(certificatePem, source);
            try
            {
                parsed = new ChainFacts(chain);
            }
            finally
            {
                // Only the facts are kept: nothing a caller could dispose under another's feet.
                Array.ForEach(chain, certificate => certificate.Dispose());
            }

            if (Chains.Count >= Capacity)
            {
                Chains.Clear();
            }

            Chains[certificatePem] = parsed;
            return parsed;
        }
    }
}
