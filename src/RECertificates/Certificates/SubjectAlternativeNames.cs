using System.Collections.Generic;
using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Certificates
{
    /// <summary>
    /// The DNS names of a certificate's Subject Alternative Name extension. netstandard2.0 has no typed SAN
    /// extension (X509SubjectAlternativeNameExtension came in .NET 7), so the DER is read directly.
    /// </summary>
    internal static class SubjectAlternativeNames
    {
        public const string ExtensionOid = "2.5.29.17";

        // GeneralName ::= CHOICE { ..., dNSName [2] IA5String, ... }
        private static readonly Asn1Tag DnsNameTag = new Asn1Tag(TagClass.ContextSpecific, 2);

        public static string[] DnsNames(X509Certificate2 certificate)
        {
            X509Extension? extension = certificate.Extensions[ExtensionOid];
            if (extension == null)
            {
                return new string[0];
            }

            var names = new List<string>();
            try
            {
                AsnReader generalNames = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
                while (generalNames.HasData)
                {
                    if (generalNames.PeekTag().HasSameClassAndValue(DnsNameTag))
                    {
                        names.Add(generalNames.ReadCharacterString(UniversalTagNumber.IA5String, DnsNameTag));
                    }
                    else
                    {
                        generalNames.ReadEncodedValue();
                    }
                }
            }
            catch (AsnContentException)
            {
                // A malformed SAN is the cluster's to refuse; showing no names is the honest summary.
                return new string[0];
            }

            return names.ToArray();
        }
    }
}
