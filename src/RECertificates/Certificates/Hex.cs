using System.Text;

namespace RECertificates.Certificates
{
    /// <summary>Upper-case hex, as Windows shows thumbprints (netstandard2.0 has no Convert.ToHexString).</summary>
    internal static class Hex
    {
        public static string ToUpper(byte[] bytes)
        {
            var text = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes)
            {
                text.Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }
    }
}
