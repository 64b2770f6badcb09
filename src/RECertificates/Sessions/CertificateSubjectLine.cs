using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace RECertificates.Sessions
{
    /// <summary>
    /// A certificate's subject the way a cluster user's <c>certificate_subject_line</c> must spell it: RFC 2253, the
    /// common name first, no space after the commas ("CN=ops,OU=IT,O=Example"). .NET already puts the common name
    /// first; only the separators differ.
    /// </summary>
    internal static class CertificateSubjectLine
    {
        public static string Of(X509Certificate2 certificate) => Compact(certificate.Subject);

        /// <summary>Drops the space after each separating comma; commas inside quoted values stay as they are.</summary>
        internal static string Compact(string subject)
        {
            var line = new StringBuilder(subject.Length);
            bool quoted = false;
            for (int i = 0; i < subject.Length; i++)
            {
                char c = subject[i];
                if (c == '"')
                {
                    quoted = !quoted;
                }

                line.Append(c);
                if (c == ',' && !quoted)
                {
                    while (i + 1 < subject.Length && subject[i + 1] == ' ')
                    {
                        i++;
                    }
                }
            }

            return line.ToString();
        }
    }
}
