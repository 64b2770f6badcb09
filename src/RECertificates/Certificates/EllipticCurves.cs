using System.Security.Cryptography;

namespace RECertificates
{
    /// <summary>The named curves a Redis Enterprise certificate may use, by the OIDs that name them in DER.</summary>
    internal static class EllipticCurves
    {
        public const string P256Oid = "1.2.840.10045.3.1.7";
        public const string P384Oid = "1.3.132.0.34";
        public const string P521Oid = "1.3.132.0.35";

        /// <summary>"P-256" and so on; an unknown curve keeps its OID so the user can still look it up.</summary>
        public static string NameOf(string oid) => oid switch
        {
            P256Oid => "P-256",
            P384Oid => "P-384",
            P521Oid => "P-521",
            _ => oid,
        };

        /// <summary>The key size in bits, 0 for a curve this module does not know.</summary>
        public static int KeySizeOf(string oid) => oid switch
        {
            P256Oid => 256,
            P384Oid => 384,
            P521Oid => 521,
            _ => 0,
        };

        public static ECCurve CurveOf(string oid) => ECCurve.CreateFromValue(oid);
    }
}
