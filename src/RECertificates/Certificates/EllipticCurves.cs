using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;

namespace RECertificates.Certificates
{
    /// <summary>The named curves a Redis Enterprise certificate may use, by the OIDs that name them in DER.</summary>
    internal static class EllipticCurves
    {
        public const string P256Oid = "1.2.840.10045.3.1.7";
        public const string P384Oid = "1.3.132.0.34";
        public const string P521Oid = "1.3.132.0.35";

        private static readonly (string Oid, string Name, int KeySize)[] Known =
        {
            (P256Oid, "P-256", 256),
            (P384Oid, "P-384", 384),
            (P521Oid, "P-521", 521),
        };

        /// <summary>The key sizes of the known curves, smallest first.</summary>
        public static IReadOnlyList<int> KeySizes { get; } = Known.Select(c => c.KeySize).ToArray();

        /// <summary>"P-256" and so on; an unknown curve keeps its OID so the user can still look it up.</summary>
        public static string NameOf(string oid) => Known.FirstOrDefault(c => c.Oid == oid).Name ?? oid;

        /// <summary>The key size in bits, 0 for a curve this module does not know.</summary>
        public static int KeySizeOf(string oid) => Known.FirstOrDefault(c => c.Oid == oid).KeySize;

        /// <summary>"P-256" for 256 and so on; null for a size no known curve has.</summary>
        public static string? NameOfKeySize(int keySize) => Known.FirstOrDefault(c => c.KeySize == keySize).Name;

        public static ECCurve CurveOf(string oid) => ECCurve.CreateFromValue(oid);
    }
}
