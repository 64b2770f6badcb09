using System.Collections.Generic;
using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Certificates
{
    /// <summary>
    /// The DNS names (and IP addresses) of a certificate's Subject Alternative Name extension. netstandard2.0 has no typed SAN
    /// extension (X509SubjectAlternativeNameExtension came in .NET 7), so the DER is read directly.
    /// </summary>
    internal static class SubjectAlternativeNames
    {
        public const string ExtensionOid = "2.5.29.17";

        // GeneralName ::= CHOICE { ..., dNSName [2] IA5String, ... }
        private static readonly Asn1Tag DnsNameTag = new Asn1Tag(TagClass.ContextSpecific, 2);

        // GeneralName ::= CHOICE { ..., iPAddress [7] OCTET STRING, ... }
        private static readonly Asn1Tag IpAddressTag = new Asn1Tag(TagClass.ContextSpecific, 7);

        public static string[] DnsNames(X509Certificate2 certificate) => Read(certificate, DnsNameTag);

        /// <summary>The iPAddress entries, as text (127.0.0.1, ::1); what a session opened by address is checked against.</summary>
        public static string[] IpAddresses(X509Certificate2 certificate) => Read(certificate, IpAddressTag);

        private static string[] Read(X509Certificate2 certificate, Asn1Tag wanted)
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
                    if (!generalNames.PeekTag().HasSameClassAndValue(wanted))
                    {
                        generalNames.ReadEncodedValue();
                    }
                    else if (wanted.TagValue == DnsNameTag.TagValue)
                    {
                        names.Add(generalNames.ReadCharacterString(UniversalTagNumber.IA5String, DnsNameTag));
                    }
                    else
                    {
                        byte[] address = generalNames.ReadOctetString(IpAddressTag);
                        if (address.Length == 4 || address.Length == 16)
                        {
                            names.Add(new IPAddress(address).ToString());
                        }
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
