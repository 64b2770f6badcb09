using System;
using System.Collections.Generic;

namespace RECertificates.Certificates.Sources
{
    /// <summary>What a PKCS#12 file held, in plain bytes: no library type leaves <see cref="Pkcs12Decoder"/>. Owns the keys' DER: disposing clears it.</summary>
    internal sealed class Pkcs12Contents : IDisposable
    {
        public Pkcs12Contents(IReadOnlyList<byte[]> certificates, IReadOnlyList<byte[]> keys)
        {
            Certificates = certificates;
            Keys = keys;
        }

        /// <summary>Every certificate, as DER, in the order the file lists them.</summary>
        public IReadOnlyList<byte[]> Certificates { get; }

        /// <summary>Every private key, as PKCS#8 PrivateKeyInfo DER.</summary>
        public IReadOnlyList<byte[]> Keys { get; }

        public void Dispose()
        {
            foreach (byte[] key in Keys)
            {
                Array.Clear(key, 0, key.Length);
            }
        }
    }
}
